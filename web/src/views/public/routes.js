// Routes of the public screens. meta: title (i18n key), menu (shown in the side menu), icon (Element Plus icon
// name), perm (a permission from /api/v1/me; without it the page shows the no-permission screen),
// layout ('app' = signed-in frame, default; 'public' = no sign-in needed), order (menu position).
export default []
