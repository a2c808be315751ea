/** AWS Lambda: the API served from a function behind API Gateway (docs/deploy.md, "AWS Lambda"). */
export { createLambdaApp, handler, type LambdaApp, type LambdaAppOptions, type LambdaHandler } from "./lambda-handler.js";
