/**
 * Demo identities served by the development IdP in embedded mode.
 * Roles are not stored here: they come from the `groups` claim, which the app maps
 * per tenant (tenant.groupRoles) and for operators (AUTH_ADMIN_GROUPS).
 */
export type DemoUser = {
  sub: string;
  email: string;
  name: string;
  password: string;
  groups: string[];
  /** What the login page shows next to the user. */
  label: string;
};

export const DEMO_PASSWORD = "demo";

export const demoUsers: DemoUser[] = [
  { sub: "u-admin", email: "admin@example.com", name: "Ada Operator", password: DEMO_PASSWORD, groups: ["metal-admins"], label: "operator admin" },
  { sub: "u-acme-owner", email: "olivia@acme.example", name: "Olivia Owner", password: DEMO_PASSWORD, groups: ["acme-owners"], label: "Acme owner" },
  { sub: "u-acme-editor", email: "eddie@acme.example", name: "Eddie Editor", password: DEMO_PASSWORD, groups: ["acme-editors"], label: "Acme editor" },
  { sub: "u-acme-viewer", email: "vera@acme.example", name: "Vera Viewer", password: DEMO_PASSWORD, groups: ["acme-viewers"], label: "Acme viewer" },
  { sub: "u-globex-owner", email: "gwen@globex.example", name: "Gwen Owner", password: DEMO_PASSWORD, groups: ["globex-owners"], label: "Globex owner" },
  { sub: "u-globex-editor", email: "gus@globex.example", name: "Gus Editor", password: DEMO_PASSWORD, groups: ["globex-editors"], label: "Globex editor" },
  { sub: "u-globex-viewer", email: "vic@globex.example", name: "Vic Viewer", password: DEMO_PASSWORD, groups: ["globex-viewers"], label: "Globex viewer" },
];
