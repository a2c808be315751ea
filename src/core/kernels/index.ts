export {
  centeredCrossProduct,
  crossProduct,
  crossProductKernel,
  setCrossProductKernel,
  type CrossProductKernel,
} from "./cross-product.js";
