#!/usr/bin/python3
"""The M/M/c model of bench/simulator.ts in SimPy, for a speed comparison.

Usage: /usr/bin/python3 bench/mmc_simpy.py SERVERS ARRIVAL_RATE SERVICE_RATE HORIZON SEED
Prints one JSON line: customers served, their mean sojourn time, wall and CPU seconds.
Works with SimPy 2 (Debian's python3-simpy: `apt-get install -y python3-simpy`)
and with SimPy 3 or later (`pip install simpy`).
"""
import json
import random
import sys
import time

c, lam, mu, horizon, seed = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
stats = {"n": 0, "sum": 0.0}


def run_simpy3(simpy):
    env = simpy.Environment()
    res = simpy.Resource(env, capacity=c)

    def customer():
        t0 = env.now
        with res.request() as req:
            yield req
            yield env.timeout(rng.expovariate(mu))
        stats["n"] += 1
        stats["sum"] += env.now - t0

    def source():
        while True:
            yield env.timeout(rng.expovariate(lam))
            env.process(customer())

    env.process(source())
    env.run(until=horizon)


def run_simpy2(S):
    class Customer(S.Process):
        def run(self, res):
            t0 = S.now()
            yield S.request, self, res
            yield S.hold, self, rng.expovariate(mu)
            yield S.release, self, res
            stats["n"] += 1
            stats["sum"] += S.now() - t0

    class Source(S.Process):
        def run(self, res):
            while True:
                yield S.hold, self, rng.expovariate(lam)
                cust = Customer()
                S.activate(cust, cust.run(res))

    S.initialize()
    res = S.Resource(capacity=c)
    src = Source()
    S.activate(src, src.run(res))
    S.simulate(until=horizon)


runner = None
try:
    import simpy  # SimPy 3+
    version = getattr(simpy, "__version__", "3+")
    runner = lambda: run_simpy3(simpy)
except ImportError:
    try:
        import SimPy.Simulation as S  # SimPy 2 (Debian)
        version = "2.x"
        runner = lambda: run_simpy2(S)
    except ImportError:
        print(json.dumps({"error": "SimPy is not installed: apt-get update && apt-get install -y python3-simpy"}))
        sys.exit(3)

# Timed: the simulation only, not the interpreter start or the import.
start = time.perf_counter()
cpu_start = time.process_time()
runner()
wall = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(json.dumps({"simpy": version, "customers": stats["n"], "meanT": stats["sum"] / max(1, stats["n"]), "wallSeconds": wall, "cpuSeconds": cpu}))
