export { crossProduct } from "./cross-product.js";
