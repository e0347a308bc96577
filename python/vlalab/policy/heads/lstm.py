"""LSTM head (RoboVLMs' LSTMDecoder): recurrent over the history of latents."""

import torch.nn as nn

from ..registry import register_head
from .base import ChunkOutput, head_sizes


@register_head("lstm")
class LSTMHead(nn.Module):
    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        self.lstm = nn.LSTM(in_dim, hidden, num_layers=layers, batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.out = ChunkOutput(hidden, chunk, adim)

    def forward(self, latents):
        h, _ = self.lstm(latents)
        arm, grip = self.out(h)
        return arm, grip, latents.new_zeros(())
