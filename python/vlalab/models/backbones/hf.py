"""hf:<local path>: a Hugging Face vision-language model loaded with transformers' auto classes and
exposed through the built-in backbones' interface (RoboVLMs' backbone interface: image encoding,
word embeddings, the language model). Nothing is downloaded (`local_files_only`): the id after
`hf:` (or `backbone.path`) must be a local directory with config.json (+ weights; a directory
with only config.json gives a randomly initialised model, which is what the tests use).

How it fits the rest of the trainer:
- images arrive in [-1, 1] at the spec's image size; they are resized to the vision tower's input
  size and normalised with the processor's image_mean/std (AutoProcessor/AutoImageProcessor when
  the directory has one, CLIP's values otherwise);
- instructions keep VLA Lab's word-level tokenizer (so export and the editor's probe work the same
  for every backbone): each vocabulary word gets an embedding initialised from the mean of the
  model's own input embeddings of its sub-word tokens (when the directory has a tokenizer);
  action/query/bin tokens are new embeddings;
- vision features come from `get_image_features` (LLaVA-style models: already projected into the
  LM's width) or the vision tower's last hidden state through a new linear projection.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..registry import register_backbone

CLIP_MEAN, CLIP_STD = (0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711)
_AUTO_MODELS = ("AutoModelForImageTextToText", "AutoModelForVision2Seq", "AutoModelForCausalLM", "AutoModel")


def _has_weights(path):
    return any(os.path.exists(os.path.join(path, f)) for f in
               ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json"))


def load_hf_model(path):
    """(model, config) from a local directory, trying the VLM auto classes first."""
    import transformers
    config = transformers.AutoConfig.from_pretrained(path, local_files_only=True)
    errors = []
    for name in _AUTO_MODELS:
        cls = getattr(transformers, name, None)
        if cls is None:
            continue
        try:
            if _has_weights(path):
                return cls.from_pretrained(path, local_files_only=True), config
            return cls.from_config(config), config
        except (ValueError, KeyError, TypeError) as e:
            errors.append(f"{name}: {str(e).splitlines()[0]}")
    raise ValueError(f"transformers cannot build a vision-language model from {path} ({'; '.join(errors)[:300]})")


@register_backbone("hf")
class HFBackbone(nn.Module):
    decoder_only = True

    def __init__(self, spec, vocab_size, extra_tokens=0, words=None):
        super().__init__()
        try:
            import transformers  # noqa: F401
        except ImportError:
            raise ValueError("backbone 'hf:…' needs the transformers package, which this Python cannot import (pip install transformers)")
        path = spec["backbone"].get("path") or spec["backbone"]["id"][3:]
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise ValueError(f"backbone {spec['backbone']['id']}: {path} is not a local directory with config.json (nothing is downloaded)")
        self.model, config = load_hf_model(path)
        text_cfg = getattr(config, "text_config", None) or config
        self.hidden = text_cfg.hidden_size
        vis_cfg = getattr(config, "vision_config", None)
        self.vision_size = int(getattr(vis_cfg, "image_size", 224)) if vis_cfg is not None else 224
        mean, std = CLIP_MEAN, CLIP_STD
        try:
            import transformers
            proc = transformers.AutoImageProcessor.from_pretrained(path, local_files_only=True)
            mean, std = tuple(proc.image_mean), tuple(proc.image_std)
        except Exception:  # noqa: BLE001 — no processor in the directory: CLIP's statistics
            pass
        self.register_buffer("pixel_mean", torch.tensor(mean).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("pixel_std", torch.tensor(std).view(1, 3, 1, 1), persistent=False)
        lm = getattr(self.model, "language_model", None)
        if lm is None:
            lm = getattr(getattr(self.model, "model", None), "language_model", None)
        self.language_model = lm if lm is not None else self.model
        self.tok = nn.Embedding(vocab_size + extra_tokens, self.hidden)
        nn.init.normal_(self.tok.weight, std=0.02)
        if words:
            self._init_word_embeddings(path, words)
        self.feature_proj = None
        self._probe_features()

    def _init_word_embeddings(self, path, words):
        try:
            import transformers
            tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        except Exception:  # noqa: BLE001 — no tokenizer files: keep the random initialisation
            return
        table = self.model.get_input_embeddings().weight
        with torch.no_grad():
            for i, w in enumerate(words):
                ids = [t for t in tokenizer(w, add_special_tokens=False)["input_ids"] if t < table.shape[0]]
                if ids:
                    self.tok.weight[i] = table[ids].mean(0).to(self.tok.weight.dtype)

    def _raw_image_features(self, pixels):
        if hasattr(self.model, "get_image_features"):
            feats = self.model.get_image_features(pixel_values=pixels)
            if not torch.is_tensor(feats):
                feats = getattr(feats, "pooler_output", None) if not isinstance(feats, (tuple, list)) else feats[0]
            if isinstance(feats, (tuple, list)):
                feats = torch.stack(list(feats)) if torch.is_tensor(feats[0]) else feats[0]
        else:
            tower = getattr(self.model, "vision_tower", None) or getattr(self.model, "vision_model", None)
            if tower is None:
                raise ValueError("this transformers model has neither get_image_features nor a vision tower")
            feats = tower(pixel_values=pixels).last_hidden_state
        return feats[:, None] if feats.dim() == 2 else feats

    def _probe_features(self):
        """Adds a projection when the vision features are not in the LM's width."""
        with torch.no_grad():
            x = torch.zeros(1, 3, self.vision_size, self.vision_size)
            width = self._raw_image_features(x).shape[-1]
        if width != self.hidden:
            self.feature_proj = nn.Linear(width, self.hidden)

    def encode_images(self, images):
        b, cams = images.shape[:2]
        x = images.flatten(0, 1)
        if x.shape[-1] != self.vision_size:
            x = F.interpolate(x, size=(self.vision_size, self.vision_size), mode="bilinear", align_corners=False)
        x = ((x + 1) / 2 - self.pixel_mean) / self.pixel_std
        feats = self._raw_image_features(x.to(next(self.model.parameters()).dtype)).to(images.dtype)
        if self.feature_proj is not None:
            feats = self.feature_proj(feats)
        return feats.reshape(b, cams * feats.shape[1], -1)

    def embed_text(self, ids):
        return self.tok(ids)

    def forward_lm(self, embeds, mask=None, media=None):
        out = self.language_model(inputs_embeds=embeds, attention_mask=None if mask is None else mask.long(),
                                  output_hidden_states=True, return_dict=True)
        return out.hidden_states[-1]

    def lm_logits(self, h):
        return h @ self.tok.weight.t()

    def param_groups(self):
        vision = [p for n, p in self.model.named_parameters() if "vision" in n or "multi_modal_projector" in n]
        vis_ids = {id(p) for p in vision}
        language = [p for p in self.model.parameters() if id(p) not in vis_ids]
        return {"vision": vision + (list(self.feature_proj.parameters()) if self.feature_proj else []),
                "language": language, "text_embedding": list(self.tok.parameters())}
