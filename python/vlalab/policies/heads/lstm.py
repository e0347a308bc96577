"""`lstm` head (RoboVLMs' LSTMDecoder): an LSTM over the history of latents, an MLP per step."""
import torch
import torch.nn as nn

from ..registry import register_head
from .mlp import mlp_stack


@register_head("lstm")
class LSTMHead(nn.Module):
    def __init__(self, in_dim, out_dim, chunk, hidden=256, layers=2, dropout=0.0):
        super().__init__()
        self.chunk, self.out_dim = chunk, out_dim
        self.lstm = nn.LSTM(in_dim, hidden, num_layers=layers, batch_first=True, dropout=dropout if layers > 1 else 0.0)
        self.out = mlp_stack(hidden, hidden, chunk * out_dim, 2, dropout)
        self.aux_loss = torch.zeros(())

    @classmethod
    def from_spec(cls, h, in_dim, out_dim, history):
        return cls(in_dim, out_dim, h["_chunk"], h.get("hidden", 256), h.get("layers", 2), h.get("dropout", 0.0))

    def forward(self, z):
        b, t, _ = z.shape
        y, _ = self.lstm(z)
        return self.out(y).view(b, t, self.chunk, self.out_dim)
