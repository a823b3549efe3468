// A pointer held in a struct the function was given (`s->pos[i]` with
// `System *s`, `g.u[k]` with `Grid g`): the same as a pointer parameter
// while nothing in the function can change the member. The caller chose
// it, so this call's own arrays are not behind it; two of them may still
// point into one buffer, which the runtime overlap check settles as it does
// for two pointer parameters.
import { field, recordMembers, unparen, walk, type SymbolInfo, type SyntaxNode, type TranslationUnit } from '../index.js';
import { memberBaseName } from '../member-name.js';
import { changedAnywhere } from './row-pointers.js';

export type MemberPointer = { ok: true; elem: string } | { ok: false; why: string };

/**
 * The element type `base` points to, when it is a pointer member of a
 * struct parameter (or local struct) that the function never changes: no
 * assignment to the struct or the member, no `&` of either, the struct's
 * pointer not handed to a call, and strict aliasing, under which the
 * loop's writes of arithmetic elements cannot reach a pointer member.
 */
export function memberPointer(tu: TranslationUnit, root: SyntaxNode, sym: (name: string) => SymbolInfo | undefined, base: string): MemberPointer {
  const name = memberBaseName(base);
  if (!name) return { ok: false, why: `member ${base}` };
  const s = sym(name.root);
  if (!s || (s.scope !== 'param' && s.scope !== 'local')) return { ok: false, why: `member ${base}` };
  if (name.arrow ? s.pointerDepth !== 1 || s.dims.length : s.pointerDepth !== 0 || s.dims.length) return { ok: false, why: `member ${base}` };
  const member = recordMembers(tu, s.baseType)?.find((m) => m.name === name.member);
  if (!member || member.kind !== 'pointer') return { ok: false, why: `member ${base}, which is not a pointer to numbers` };
  if (tu.strictAliasing === false) return { ok: false, why: `member ${base}, which a store through another pointer may change (-fno-strict-aliasing)` };
  if (changedAnywhere(root, name.root)) return { ok: false, why: `member ${base}, whose struct the function changes` };
  const changes = memberChanges(root, name.root, name.arrow, name.member);
  return changes ? { ok: false, why: `member ${base}, which ${changes}` } : { ok: true, elem: member.elem };
}

/**
 * How the function may change `root->member` (or `root.member`), if it may.
 * The struct must be named only to reach a member: handed to a call, copied
 * to another pointer or taken the address of, it could be changed anywhere.
 */
function memberChanges(root: SyntaxNode, struct: string, arrow: boolean, member: string): string | undefined {
  const isMember = (n: SyntaxNode | null): boolean => {
    const t = n && unparen(n);
    if (t?.type !== 'field_expression' || field(t, 'field')?.text !== member) return false;
    const arg = field(t, 'argument');
    return !!arg && unparen(arg).type === 'identifier' && unparen(arg).text === struct && (t.child(1)?.type === '->') === arrow;
  };
  for (const n of walk(root)) {
    if (n.type === 'identifier' && n.text === struct) {
      let up = n.parent;
      while (up?.type === 'parenthesized_expression') up = up.parent;
      const arg = up?.type === 'field_expression' ? field(up, 'argument') : null;
      const reachesMember = !!arg && unparen(arg).startIndex === n.startIndex;
      const declares = up?.type === 'parameter_declaration' || up?.type === 'init_declarator' || up?.type === 'pointer_declarator' || up?.type === 'declaration';
      if (!reachesMember && !declares) return `is reached through ${struct}, which the function uses whole (${up?.text.slice(0, 40) ?? struct})`;
    }
    if (n.type === 'assignment_expression' && isMember(field(n, 'left'))) return 'the function assigns';
    if (n.type === 'update_expression' && isMember(field(n, 'argument'))) return 'the function steps';
    if (n.type === 'pointer_expression' && n.child(0)?.type === '&' && isMember(field(n, 'argument'))) return 'has its address taken';
  }
  return undefined;
}
