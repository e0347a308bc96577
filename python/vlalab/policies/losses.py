"""RoboVLMs' action losses.

Continuous: MSE or smooth-L1 on the (normalised) arm, BCE-with-logits on the gripper with target
(g + 1) / 2, combined as arm_weight · arm + gripper_weight · gripper. Discrete: cross-entropy over
the action-bin tokens (arm dims and gripper reported separately). Both add the head's auxiliary
loss (MoE load balancing) × head.balance_weight. Positions past an episode's end are masked.
"""
import torch.nn.functional as F


def _masked_mean(x, m):
    m = m.to(x.dtype)
    while m.dim() < x.dim():
        m = m.unsqueeze(-1)
    m = m.expand_as(x)
    return (x * m).sum() / m.sum().clamp(min=1.0)


def action_loss(policy, out, actions, valid, spec):
    """out: the policy's forward; actions (B, T, chunk, dim) raw; valid (B, T, chunk) bool.
    Returns (loss, scalars: loss, loss_arm, loss_gripper, acc_gripper[, acc_arm, loss_balance])."""
    a = spec["action"]
    t_out = (out["logits"] if "logits" in out else out["arm"]).shape[1]
    actions, valid = actions[:, -t_out:], valid[:, -t_out:]
    if "logits" in out:
        logits = out["logits"]                                    # (B, T, chunk, dim, bins)
        target = policy.bin_targets(actions)
        ce = F.cross_entropy(logits.flatten(0, -2), target.flatten(), reduction="none").view(target.shape)
        loss_arm = _masked_mean(ce[..., :-1], valid)
        loss_grip = _masked_mean(ce[..., -1], valid)
        pred = logits.argmax(-1)
        acc_grip = _masked_mean((pred[..., -1] == target[..., -1]).float(), valid)
        extra = {"acc_arm": _masked_mean((pred[..., :-1] == target[..., :-1]).float(), valid)}
    else:
        target = policy.normalizer.normalize_arm(actions[..., :-1])
        fn = F.smooth_l1_loss if a.get("arm_loss", "mse") == "smooth_l1" else F.mse_loss
        loss_arm = _masked_mean(fn(out["arm"], target, reduction="none").mean(-1), valid)
        g = (actions[..., -1] + 1) / 2
        loss_grip = _masked_mean(F.binary_cross_entropy_with_logits(out["gripper"], g, reduction="none"), valid)
        acc_grip = _masked_mean(((out["gripper"] > 0) == (g > 0.5)).float(), valid)
        extra = {}
    loss = loss_arm * a.get("arm_weight", 1.0) + loss_grip * a.get("gripper_weight", 0.01)
    if spec["policy"]["head"]["type"] == "moe" and getattr(policy, "head", None) is not None:
        aux = policy.head.aux_loss
        loss = loss + aux * spec["policy"]["head"].get("balance_weight", 0.01)
        extra["loss_balance"] = aux
    return loss, dict(loss=loss, loss_arm=loss_arm, loss_gripper=loss_grip, acc_gripper=acc_grip, **extra)
