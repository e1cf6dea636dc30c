/** How to create the first admin: printed at start-up and shown by the setup page while no user exists. */
export function setupHowTo(port: number) {
  return [
    'MEHVAR_ADMIN_EMAIL=you@example.com MEHVAR_ADMIN_PASSWORD=\'<a strong password>\' npm start',
    'npm run cli -- create-admin --email you@example.com --password \'<a strong password>\'',
    'the password needs 12+ characters and must not be a common one or built from your name, email or "mehvar"',
    `then open http://localhost:${port} and log in`,
  ];
}
