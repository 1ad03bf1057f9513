"""Word-patch alignment's optimal-transport distance as ViLT computes it (dandelin/ViLT
`vilt/modules/objectives.py`, from UNITER): a cosine cost between the two token sets, the
inexact proximal-point (IPOT) transport plan under it, and the distance trace(Cᵀ·T). The plan
is computed without gradient; the distance is differentiated through the cost only.
"""
from ref_common import F, torch


def cosine_cost(x, y, eps=1e-5):
    """[B, M, D], [B, N, D] -> [B, M, N]: 1 − cosine similarity."""
    return 1 - F.normalize(x, p=2, dim=-1, eps=eps) @ F.normalize(y, p=2, dim=-1, eps=eps).transpose(1, 2)


@torch.no_grad()
def ipot_plan(cost, x_len, x_pad, y_len, y_pad, joint_pad, beta, iterations, inner_steps):
    """The transport plan [B, N, M] (note the transposed layout, as in the original)."""
    b, m, n = cost.shape
    sigma = torch.ones(b, m, dtype=cost.dtype) / x_len.unsqueeze(1)
    plan = torch.ones(b, n, m, dtype=cost.dtype)
    kernel = torch.exp(-cost.transpose(1, 2) / beta)
    sigma = sigma.masked_fill(x_pad, 0)
    joint_pad = joint_pad.transpose(1, 2)
    plan = plan.masked_fill(joint_pad, 0)
    kernel = kernel.masked_fill(joint_pad, 0)
    x_len = x_len.view(b, 1, 1)
    y_len = y_len.view(b, 1, 1)
    # Padding gets a huge denominator, so its marginal weight is (nearly) zero.
    x_mask = (x_pad.to(cost.dtype) * 1e4).unsqueeze(1)
    y_mask = (y_pad.to(cost.dtype) * 1e4).unsqueeze(1)
    for _ in range(iterations):
        q = kernel * plan
        for _ in range(inner_steps):
            # ViLT reshapes σ once per outer step, so its inner loop only runs for inner_steps = 1;
            # reshaping at every inner step is the same computation there and defined beyond it.
            sigma = sigma.view(b, m, 1)
            delta = 1 / (y_len * q.matmul(sigma).view(b, 1, n) + y_mask)
            sigma = 1 / (x_len * delta.matmul(q) + x_mask)
        plan = delta.view(b, n, 1) * q * sigma
    return plan.masked_fill(joint_pad, 0)


def optimal_transport_distance(x, y, x_pad, y_pad, beta=0.5, iterations=50, inner_steps=1):
    """Per-pair distance [B]; `x_pad` / `y_pad` are True at tokens that take no part."""
    cost = cosine_cost(x, y)
    joint_pad = x_pad.unsqueeze(-1) | y_pad.unsqueeze(-2)
    cost = cost.masked_fill(joint_pad, 0)
    x_len = (x_pad.shape[1] - x_pad.sum(dim=1)).to(cost.dtype)
    y_len = (y_pad.shape[1] - y_pad.sum(dim=1)).to(cost.dtype)
    plan = ipot_plan(cost.detach(), x_len, x_pad, y_len, y_pad, joint_pad, beta, iterations, inner_steps)
    return torch.diagonal(cost.matmul(plan.detach()), dim1=-2, dim2=-1).sum(dim=-1)
