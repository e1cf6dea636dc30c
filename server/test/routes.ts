/** The app's routes as "METHOD /path" (HEAD left out), read from Fastify's printed route tree, for the OpenAPI walls. */
export function routesOfTree(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = line.match(/^([│├└─\s]*?)(?:[├└]── )(\S+)(?: \(([A-Z, ]+)\))?$/u);
    if (!m) continue;
    const depth = [...m[1]].length / 4;
    stack.length = depth;
    stack[depth] = m[2];
    if (!m[3]) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) if (method !== 'HEAD') out.push(`${method} ${stack.join('')}`);
  }
  return [...new Set(out)].sort();
}
