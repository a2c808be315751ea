/** Configuration from the environment and `.env`, checked at start. */
export { ConfigError, loadConfig, loadEnvFile, type AppConfig, type AuthMode, type Environment, type LogLevel } from "./config.js";
