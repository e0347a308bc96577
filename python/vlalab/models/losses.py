"""RoboVLMs' action losses: MSE or smooth-L1 on the arm (normalised units), BCE on the gripper
(target (g+1)/2), weighted by `action.arm_weight` / `action.gripper_weight`, averaged over the
valid (step, chunk) positions (positions past an episode's end are masked out)."""
import torch
import torch.nn.functional as F


def continuous_action_loss(arm, grip_logit, target_arm, target_grip, valid, arm_loss="mse", arm_weight=1.0, gripper_weight=0.01):
    """arm/target_arm (..., arm_dim); grip_logit/target_grip (...) with target in {-1, 1}; valid (...) 0/1."""
    valid = valid.float()
    n = valid.sum().clamp(min=1)
    if arm_loss == "smooth_l1":
        per = F.smooth_l1_loss(arm, target_arm, reduction="none")
    else:
        per = F.mse_loss(arm, target_arm, reduction="none")
    loss_arm = (per.mean(-1) * valid).sum() / n
    g = (target_grip + 1) / 2
    loss_grip = (F.binary_cross_entropy_with_logits(grip_logit, g, reduction="none") * valid).sum() / n
    acc = (((grip_logit > 0).float() == (g > 0.5).float()).float() * valid).sum() / n
    loss = arm_weight * loss_arm + gripper_weight * loss_grip
    return {"loss": loss, "loss_arm": loss_arm.detach(), "loss_gripper": loss_grip.detach(), "acc_gripper": acc.detach()}


def discrete_action_loss(logits, target_bins, valid, action_dim):
    """logits (B, K, bins), target_bins (B, K) with K = chunk × action_dim (gripper every action_dim-th),
    valid (B, chunk) → cross-entropy and accuracies."""
    b, k, _ = logits.shape
    w = valid.float().repeat_interleave(action_dim, dim=1)
    ce = F.cross_entropy(logits.transpose(1, 2), target_bins, reduction="none")
    is_grip = (torch.arange(k, device=logits.device) % action_dim) == action_dim - 1
    arm_w, grip_w = w * (~is_grip), w * is_grip
    pred = logits.argmax(-1)
    bins = logits.shape[-1]
    # arm: the exact bin; gripper: the side of the middle (open/close), which is what is executed
    hit = torch.where(is_grip, (pred >= bins // 2) == (target_bins >= bins // 2), pred == target_bins).float()
    out = {
        "loss": (ce * w).sum() / w.sum().clamp(min=1),
        "loss_arm": ((ce * arm_w).sum() / arm_w.sum().clamp(min=1)).detach(),
        "loss_gripper": ((ce * grip_w).sum() / grip_w.sum().clamp(min=1)).detach(),
        "acc_arm": ((hit * arm_w).sum() / arm_w.sum().clamp(min=1)).detach(),
        "acc_gripper": ((hit * grip_w).sum() / grip_w.sum().clamp(min=1)).detach(),
    }
    return out
