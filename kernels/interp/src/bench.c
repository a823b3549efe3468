/* bench.c - the built-in workload: deterministic, prints results only. */
#include <string.h>
#include "vm.h"

static const char *const scripts[] = {
  /* 0: the full benchmark */
  "-- recursion\n"
  "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\n"
  "print('fib', fib(32))\n"
  "-- tables as arrays, sort with and without a comparator\n"
  "math.randomseed(42)\n"
  "local arr = {}\n"
  "for i = 1, 200000 do arr[i] = math.random(1000000) end\n"
  "table.sort(arr)\n"
  "local ok = true\n"
  "for i = 2, #arr do if arr[i - 1] > arr[i] then ok = false end end\n"
  "print('sorted', #arr, ok, arr[1], arr[#arr])\n"
  "local desc = table.slice(arr, 1, 50000)\n"
  "table.sort(desc, function(a, b) return a > b end)\n"
  "print('desc', desc[1], desc[#desc])\n"
  "-- records and a linked list built from tables\n"
  "local head = nil\n"
  "for i = 1, 300000 do head = {value = i, next = head} end\n"
  "local total = 0\n"
  "local node = head\n"
  "while node do total = total + node.value node = node.next end\n"
  "print('list', total)\n"
  "-- string building and the string library\n"
  "local parts = {}\n"
  "for i = 1, 20000 do parts[#parts + 1] = string.format('%d:%s', i, string.rep('x', i % 7)) end\n"
  "local s = table.concat(parts, ',')\n"
  "print('concat', #s, string.sub(s, 1, 24))\n"
  "local words = string.split('the quick brown fox jumps over the lazy dog', ' ')\n"
  "local counts = {}\n"
  "for r = 1, 20000 do\n"
  "  for i = 1, #words do\n"
  "    local w = words[i]\n"
  "    if counts[w] then counts[w] = counts[w] + 1 else counts[w] = 1 end\n"
  "  end\n"
  "end\n"
  "print('words', counts['the'], counts['fox'], string.upper(words[2]))\n"
  "-- numeric arrays through the vec library\n"
  "local n = 160\n"
  "local a = vec.new(n * n, 0)\n"
  "local b = vec.new(n * n, 0)\n"
  "for i = 1, n * n do a[i] = (i % 13) / 13 b[i] = (i % 7) / 7 end\n"
  "local c = vec.matmul(a, b, n)\n"
  "print('matmul', string.format('%.6f', vec.sum(c)))\n"
  "local sig = vec.new(200000, 0)\n"
  "for i = 1, #sig do sig[i] = math.sin(i / 100) end\n"
  "local sm = vec.convolve(sig, {0.25, 0.5, 0.25})\n"
  "print('convolve', #sm, string.format('%.6f', vec.dot(sm, sm)))\n"
  "local pre = vec.prefix(vec.axpy(2, sig, vec.new(#sig, 1)))\n"
  "print('prefix', string.format('%.4f', pre[#pre]))\n"
  "-- a hand-written loop the interpreter runs\n"
  "local acc = 0\n"
  "for i = 1, 20000000 do acc = acc + i % 3 end\n"
  "print('loop', acc)\n"
  "-- errors through pcall\n"
  "local caught = 0\n"
  "for i = 1, 20000 do\n"
  "  local r = pcall(function(x) if x % 2 == 0 then error('even') end return x end, i)\n"
  "  if not r[1] then caught = caught + 1 end\n"
  "end\n"
  "print('pcall', caught)\n"
  "print('memkb>0', memkb() > 0)\n",
  /* 1: a quick self-check */
  "print('hello', 1 + 2 * 3, 'a' .. 'b', #{1, 2, 3})\n",
};

int bench_count(void) {
  return (int)(sizeof scripts / sizeof scripts[0]);
}

const char *bench_script(int which, size_t *len) {
  if (which < 0 || which >= bench_count()) return NULL;
  *len = strlen(scripts[which]);
  return scripts[which];
}
