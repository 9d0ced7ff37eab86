#!/usr/bin/env python3
"""LP lower bound (and optionally a time-limited MILP incumbent) of a
cloud-balancing instance, for npm run bench:cloud-balancing.

Input on stdin, JSON: {"computers": [{"cpu": .., "ram": .., "cost": ..}],
"processes": [{"cpu": .., "ram": ..}], "milpSeconds": 0}. Capacities are the
largest load a computer may carry (the caller turns the product's strict rule,
load below capacity, into capacity - 1 for integer data).

Model: x[p,c] = 1 when process p runs on computer c, y[c] = 1 when c is used;
minimize sum cost[c] y[c] subject to sum_c x[p,c] = 1, sum_p cpu[p] x[p,c] <=
cpu[c] y[c], the same for RAM, and x[p,c] <= y[c] (the usual strengthening);
pairs where p alone does not fit c are left out. The LP relaxes x and y to
[0, 1]. Computers with the same CPU, RAM and cost are interchangeable, so the
LP is solved on computer types (y[t] in [0, n_t], x[p,t] <= y[t]): averaging
any LP solution over the computers of a type gives a solution of the type LP
with the same cost and back, so the bound is the same, with 3-5x fewer
variables. The MILP (optional) is the per-computer model. Output on stdout,
JSON: {"lp": .., "milp": .. or null, "milpBound": .., "seconds": ..}.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import coo_matrix


def build(data, aggregate):
    procs = data["processes"]
    if aggregate:
        types = {}
        for c in data["computers"]:
            key = (c["cpu"], c["ram"], c["cost"])
            types[key] = types.get(key, 0) + 1
        comps = [{"cpu": k[0], "ram": k[1], "cost": k[2], "n": n} for k, n in sorted(types.items())]
    else:
        comps = [dict(c, n=1) for c in data["computers"]]
    C, P = len(comps), len(procs)
    pairs = [(p, c) for p in range(P) for c in range(C)
             if procs[p]["cpu"] <= comps[c]["cpu"] and procs[p]["ram"] <= comps[c]["ram"]]
    X = len(pairs)
    n = X + C  # variables: x pairs, then y
    cost = np.zeros(n)
    cost[X:] = [c["cost"] for c in comps]
    rows, cols, vals = [], [], []
    lo, hi = [], []
    r = 0
    # assignment: sum_c x[p,c] = 1
    by_p = {}
    for k, (p, c) in enumerate(pairs):
        by_p.setdefault(p, []).append(k)
    for p in range(P):
        for k in by_p.get(p, []):
            rows.append(r); cols.append(k); vals.append(1.0)
        lo.append(1.0); hi.append(1.0); r += 1
    # capacity: sum_p d[p] x[p,c] - cap[c] y[c] <= 0
    by_c = {}
    for k, (p, c) in enumerate(pairs):
        by_c.setdefault(c, []).append(k)
    for res in ("cpu", "ram"):
        for c in range(C):
            for k in by_c.get(c, []):
                rows.append(r); cols.append(k); vals.append(float(procs[pairs[k][0]][res]))
            rows.append(r); cols.append(X + c); vals.append(-float(comps[c][res]))
            lo.append(-np.inf); hi.append(0.0); r += 1
    # x[p,c] - y[c] <= 0
    for k, (p, c) in enumerate(pairs):
        rows.append(r); cols.append(k); vals.append(1.0)
        rows.append(r); cols.append(X + c); vals.append(-1.0)
        lo.append(-np.inf); hi.append(0.0); r += 1
    A = coo_matrix((vals, (rows, cols)), shape=(r, n)).tocsr()
    upper = np.ones(n)
    upper[X:] = [c["n"] for c in comps]
    return cost, A, np.array(lo), np.array(hi), n, upper


def main():
    data = json.load(sys.stdin)
    started = time.time()
    cost, A, lo, hi, n, upper = build(data, aggregate=True)
    eq = lo == hi
    res = linprog(cost, A_ub=A[~eq], b_ub=hi[~eq], A_eq=A[eq], b_eq=hi[eq],
                  bounds=list(zip(np.zeros(n), upper)), method="highs")
    if res.status != 0:
        print(json.dumps({"error": f"LP: {res.message}"}))
        return 1
    out = {"lp": float(res.fun), "milp": None, "milpBound": None}
    seconds = float(data.get("milpSeconds", 0))
    if seconds > 0:
        cost, A, lo, hi, n, upper = build(data, aggregate=False)
        m = milp(cost, constraints=LinearConstraint(A, lo, hi), integrality=np.ones(n),
                 bounds=Bounds(0, 1), options={"time_limit": seconds, "disp": False})
        if m.x is not None:
            out["milp"] = float(round(m.fun))
            out["milpBound"] = float(getattr(m, "mip_dual_bound", float("nan")))
            out["milpStatus"] = m.message
    out["seconds"] = time.time() - started
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
