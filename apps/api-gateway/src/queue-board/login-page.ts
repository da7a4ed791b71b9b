/** The form shown to a browser without the admin cookie; it posts the token once to /admin/queues/login. */
export function loginPage(basePath: string, failed: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Queues — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<h1>Queue dashboard</h1>
<p>Enter the platform's <code>ADMIN_TOKEN</code>. It is kept for this browser session in an HttpOnly cookie.</p>
${failed ? '<p role="alert"><strong>That token is not valid.</strong></p>' : ''}
<form method="post" action="${basePath}/login">
<label>Admin token <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<button type="submit">Sign in</button>
</form>
</body></html>`;
}
