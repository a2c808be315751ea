export { estimateMoments, type EstimateMomentsRequest, type MomentsEstimate } from "./estimate-moments.js";
export { ServiceError, UnknownAssetError, EmptySelectionError, InvalidRequestError } from "./errors.js";
