/** How to create the first admin: printed at start-up and shown by the setup page while no user exists. */
export function setupHowTo(port: number) {
  return [
    'MEHVAR_ADMIN_EMAIL=you@example.com MEHVAR_ADMIN_PASSWORD=\'a-long-password\' npm start',
    'npm run cli -- create-admin --email you@example.com --password \'a-long-password\'',
    `then open http://localhost:${port} and log in`,
  ];
}
