"""The PyTorch row of docs/BENCHMARKS.md: torch.autograd.gradcheck on gradcheck's default
problem shape n=1000, d=128, C=32, sigmoid model, float64, one thread.

Optional: needs python3 with torch (pip install torch). Run: python3 bench/torch_gradcheck.py
It builds the same kind of problem (integer X, W in [0, 3), T in [0, 10)) with torch's own
generator; gradcheck's timings do not depend on the values, only on the shapes.
"""
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(42)
n, d, C, domain = 1000, 128, 32, 10
T = torch.randint(domain, (n, C), dtype=torch.float64)
X = torch.randint(int(domain / 2.9), (n, d), dtype=torch.float64)
W = torch.randint(int(domain / 2.9), (d, C), dtype=torch.float64, requires_grad=True)


def loss(w):
    return ((torch.sigmoid(X.mm(w)) - T) ** 2).sum() / 2


for fast in (False, True):
    start = time.perf_counter()
    ok = torch.autograd.gradcheck(loss, (W,), eps=1e-6, atol=1e-5, rtol=1e-3, fast_mode=fast)
    print(f"torch.autograd.gradcheck fast_mode={fast}: {time.perf_counter() - start:.3f} s, passed={ok}")
