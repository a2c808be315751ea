/** The dashboard as the server sees it: a Fastify plugin serving the built page. */
export { dashboardPlugin, dashboardRoot, type DashboardPluginOptions } from "./dashboard-plugin.js";
