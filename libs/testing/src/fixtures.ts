/** Check digits computed: a valid 사업자등록번호 (business registration number) for tests, from a 9-digit stem. */
export function brnFrom(stem: number): string {
  const d = String(stem).padStart(9, '0').split('').map(Number);
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let s = d.reduce((acc, x, i) => acc + x * w[i], 0);
  s += Math.floor((d[8] * 5) / 10);
  return `${d.join('')}${(10 - (s % 10)) % 10}`;
}
