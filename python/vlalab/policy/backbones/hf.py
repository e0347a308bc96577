"""hf:<local path or id>: any Hugging Face vision-language model, loaded with transformers' auto
classes and exposed through the same interface as the built-in backbones (RoboVLMs' backbone
interface: image encoding, word embeddings, the language model). Nothing is downloaded: a local
directory (or a model already in the local cache) is required.

Instructions reach it as its own tokenizer's ids (policy/tokenizer.py's HFTokenizer, from the same
directory); our [ACT] and action-bin tokens come after the model's embedding table (`vocab_offset`)
and have their own embeddings (`extra`), tied to their LM-head logits."""
import torch
import torch.nn as nn

from ..registry import register_backbone
from ..tokenizer import ConfigError, hf_path, require_transformers


@register_backbone("hf")
class HFBackbone(nn.Module):
    decoder_only = True

    def __init__(self, spec, vocab_size, extra_tokens=0):
        super().__init__()
        transformers = require_transformers(spec["backbone"]["id"])
        name = spec["backbone"]["id"][3:]
        path = hf_path(spec)
        config = transformers.AutoConfig.from_pretrained(path, local_files_only=True)
        model = None
        for auto in ("AutoModelForImageTextToText", "AutoModelForVision2Seq", "AutoModelForCausalLM", "AutoModel"):
            cls = getattr(transformers, auto, None)
            if cls is None:
                continue
            try:
                model = cls.from_pretrained(path, local_files_only=True) if spec["backbone"].get("path") or "/" in name else cls.from_config(config)
                break
            except (ValueError, KeyError):
                continue
        if model is None:
            raise ConfigError(f"transformers cannot build a vision-language model from {path}")
        self.model = model
        text_cfg = getattr(config, "text_config", config)
        self.hidden = text_cfg.hidden_size
        self.language_model = getattr(model, "language_model", None) or getattr(getattr(model, "model", None), "language_model", None) or model
        self.extra = nn.Embedding(max(1, extra_tokens), self.hidden)  # action/query tokens of ours
        self.vocab_offset = self.model.get_input_embeddings().num_embeddings
        if vocab_size > self.vocab_offset:
            raise ConfigError(f"the tokenizer has {vocab_size} tokens but the model in {path} embeds only {self.vocab_offset}: "
                              "the tokenizer files must be the model's own")
        self.vision_proj = None

    def encode_images(self, images):
        b, cams = images.shape[:2]
        flat = images.flatten(0, 1)
        if hasattr(self.model, "get_image_features"):
            feats = self.model.get_image_features(pixel_values=flat)
            feats = feats[0] if isinstance(feats, (tuple, list)) else feats
        else:
            tower = getattr(self.model, "vision_tower", None) or getattr(self.model, "vision_model")
            feats = tower(pixel_values=flat).last_hidden_state
        if feats.dim() == 2:
            feats = feats[:, None]
        if feats.shape[-1] != self.hidden:
            if self.vision_proj is None:
                self.vision_proj = nn.Linear(feats.shape[-1], self.hidden).to(feats.device)
            feats = self.vision_proj(feats)
        return feats.view(b, cams * feats.shape[1], -1)

    def embed_text(self, ids):
        emb = self.model.get_input_embeddings()
        ours = ids >= self.vocab_offset
        out = emb(ids.clamp(max=self.vocab_offset - 1))
        if ours.any():
            out = torch.where(ours[..., None], self.extra((ids - self.vocab_offset).clamp(min=0)), out)
        return out

    def forward_lm(self, embeds, mask=None, media=None):
        out = self.language_model(inputs_embeds=embeds, attention_mask=None if mask is None else mask.long(), output_hidden_states=True)
        return out.hidden_states[-1]

    def lm_logits(self, h):
        """Logits over the model's vocabulary, then over our extra tokens (ids vocab_offset + i)."""
        words = self.model.get_output_embeddings()(h)[..., : self.vocab_offset]
        return torch.cat([words, h @ self.extra.weight.t()], dim=-1)
