;; Cross-product micro-kernels in WebAssembly SIMD (f64x2): the source of the bytes in
;; cross-product-simd.wasm.ts, which scripts/build-wasm.mjs generates from this file with the `wabt` package.
;;
;; The scheme is the GotoBLAS/BLIS one (Goto & van de Geijn, 2008, "Anatomy of high-performance matrix
;; multiplication"; Van Zee & van de Geijn, 2015, "BLIS"), specialised to C = XᵀX where both operands are
;; the same matrix: X is copied block of rows by block of rows into 4-column panels ("pack"), and C is
;; accumulated 4×4 tile by 4×4 tile over the upper triangle only ("update" → "tile").
;;
;; Memory is owned and laid out by wasm-cross-product.ts; every address here is a byte offset it passes.
;; No FMA: f64x2.relaxed_madd needs --experimental-wasm-relaxed-simd in Node 20, so each step is a
;; mul then an add, which also makes the result bit-identical to the TypeScript kernel.
(module
  (memory (export "memory") 1)

  ;; pack: copy a row-major block of rows × cols (rows ≥ 1) into 4-column panels of `rows` rows,
  ;; subtracting center[c]. Panel p starts at dst + p·rows·32; its row t holds columns 4p..4p+3.
  ;; Columns past cols are zeros, so edge tiles need no special case (their extra entries are
  ;; computed and never read).
  (func (export "pack")
    (param $src i32) (param $rows i32) (param $cols i32) (param $center i32) (param $dst i32)
    (local $t i32) (local $p i32) (local $full i32) (local $rem i32)
    (local $s i32) (local $d i32) (local $m i32) (local $pb i32) (local $k i32)
    (local.set $pb (i32.shl (local.get $rows) (i32.const 5)))
    (local.set $full (i32.shr_u (local.get $cols) (i32.const 2)))
    (local.set $rem (i32.and (local.get $cols) (i32.const 3)))
    (local.set $s (local.get $src))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $t) (local.get $rows)))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 5))))
        (local.set $m (local.get $center))
        (local.set $p (i32.const 0))
        (block $fullDone
          (loop $panel
            (br_if $fullDone (i32.ge_u (local.get $p) (local.get $full)))
            (v128.store (local.get $d)
              (f64x2.sub (v128.load (local.get $s)) (v128.load (local.get $m))))
            (v128.store offset=16 (local.get $d)
              (f64x2.sub (v128.load offset=16 (local.get $s)) (v128.load offset=16 (local.get $m))))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (local.set $m (i32.add (local.get $m) (i32.const 32)))
            (local.set $d (i32.add (local.get $d) (local.get $pb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $panel)))
        (if (local.get $rem)
          (then
            (v128.store (local.get $d) (v128.const i64x2 0 0))
            (v128.store offset=16 (local.get $d) (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (loop $tail
              (f64.store (local.get $d)
                (f64.sub (f64.load (local.get $s)) (f64.load (local.get $m))))
              (local.set $s (i32.add (local.get $s) (i32.const 8)))
              (local.set $m (i32.add (local.get $m) (i32.const 8)))
              (local.set $d (i32.add (local.get $d) (i32.const 8)))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $tail (i32.lt_u (local.get $k) (local.get $rem))))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $row))))

  ;; tile: C[4×4] += AᵀB over kc steps, A and B 4-column panels of kc rows (kc ≥ 1), ldc = bytes per C row.
  ;; Eight f64x2 accumulators (4 rows × 2 pairs of columns) + 2 B vectors + 4 broadcast A values fill
  ;; 14 of the 15 xmm registers V8 allocates; the mul's temporary takes the last one. The loop is
  ;; deliberately not unrolled: with two steps per iteration TurboFan hoists all twelve loads to the
  ;; top, runs out of registers and spills accumulators to the stack every iteration (13 GFLOP/s
  ;; instead of 18 on an EPYC Zen 4 with Node 20.20).
  (func $tile (param $a i32) (param $b i32) (param $kc i32) (param $c i32) (param $ldc i32)
    (local $end i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $step
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $x (v128.load64_splat (local.get $a)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=8 (local.get $a)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=16 (local.get $a)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load64_splat offset=24 (local.get $a)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (i32.const 32)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (br_if $step (i32.lt_u (local.get $a) (local.get $end))))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c00)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c10)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c20)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c30)))
    (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c31))))

  ;; update: C += PᵀP for one packed block of kc rows, upper-triangle tiles only. The i panels are
  ;; walked in groups of $group so that group stays in L2 while each j panel, in L1, is reused.
  (func (export "update")
    (param $pk i32) (param $panels i32) (param $kc i32) (param $c i32) (param $ldc i32) (param $group i32)
    (local $ib i32) (local $ie i32) (local $jp i32) (local $ip i32) (local $il i32) (local $pb i32)
    (local.set $pb (i32.shl (local.get $kc) (i32.const 5)))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $ib) (local.get $panels)))
        (local.set $ie (select (i32.add (local.get $ib) (local.get $group)) (local.get $panels)
          (i32.lt_u (i32.add (local.get $ib) (local.get $group)) (local.get $panels))))
        (local.set $jp (local.get $ib))
        (block $jDone
          (loop $j
            (br_if $jDone (i32.ge_u (local.get $jp) (local.get $panels)))
            (local.set $il (select (i32.add (local.get $jp) (i32.const 1)) (local.get $ie)
              (i32.lt_u (local.get $jp) (local.get $ie))))
            (local.set $ip (local.get $ib))
            (block $iDone
              (loop $i
                (br_if $iDone (i32.ge_u (local.get $ip) (local.get $il)))
                (call $tile
                  (i32.add (local.get $pk) (i32.mul (local.get $ip) (local.get $pb)))
                  (i32.add (local.get $pk) (i32.mul (local.get $jp) (local.get $pb)))
                  (local.get $kc)
                  (i32.add (local.get $c)
                    (i32.add (i32.mul (i32.shl (local.get $ip) (i32.const 2)) (local.get $ldc))
                             (i32.shl (local.get $jp) (i32.const 5))))
                  (local.get $ldc))
                (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
                (br $i)))
            (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
            (br $j)))
        (local.set $ib (local.get $ie))
        (br $groups))))
)
