// `s->pos` or `g.u` as the analysis names an array reached through a struct
// member: read back by the dependence test and by the overlap check alike.

/** The struct's name, whether it is reached through a pointer, and the member; undefined for any other name. */
export function memberBaseName(base: string): { root: string; arrow: boolean; member: string } | undefined {
  const m = /^([A-Za-z_]\w*)(->|\.)([A-Za-z_]\w*)$/.exec(base);
  return m ? { root: m[1], arrow: m[2] === '->', member: m[3] } : undefined;
}
