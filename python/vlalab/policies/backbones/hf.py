"""`hf:<path>`: a local Hugging Face VLM loaded with transformers' Auto classes, exposing the same
interface as the built-in backbones (RoboVLMs' backbone interface): `encode_images` (vision tower
+ projector → tokens in the LM's width), `embed_words` (the LM's input embeddings plus extra rows
for the discrete action tokens), `forward_lm(inputs_embeds, key_mask)` → last hidden states.

Image features come from the model's own `get_image_features` when it has one (LLaVA, PaliGemma
and similar in recent transformers), else from a `vision_tower`/`vision_model` plus a
`multi_modal_projector`. Decoder-only: vision tokens are prefixed (prefix_media = True).
transformers is imported lazily: the built-in backbones never need it. Nothing is downloaded.
Known limit: instructions use the built-in word tokenizer's ids, not the model's own tokenizer.
"""
import os

import torch
import torch.nn as nn

from ..registry import register_backbone


def _transformers():
    try:
        import transformers
    except ImportError as e:
        raise ValueError(f"backbone 'hf:…' needs the transformers package ({e}); install it or use tiny-prefix / tiny-xattn") from None
    return transformers


@register_backbone("hf")
class HFBackbone(nn.Module):
    prefix_media = True
    supports_interleaved = True

    def __init__(self, path, extra_vocab, image_size):
        super().__init__()
        tf = _transformers()
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise ValueError(f"backbone 'hf:{path}': expected a local directory with config.json (nothing is downloaded)")
        config = tf.AutoConfig.from_pretrained(path)
        model = None
        for auto in ("AutoModelForImageTextToText", "AutoModelForVision2Seq", "AutoModelForCausalLM", "AutoModel"):
            cls = getattr(tf, auto, None)
            if cls is None:
                continue
            try:
                model = cls.from_pretrained(path)
                break
            except (ValueError, KeyError):
                continue
        if model is None:
            raise ValueError(f"backbone 'hf:{path}': no transformers Auto class loads model type '{config.model_type}'")
        self.model, self.image_size = model, image_size
        text_cfg = getattr(config, "text_config", None) or config
        self.dim = int(text_cfg.hidden_size)
        self.embeddings = model.get_input_embeddings()
        self.text_vocab = self.embeddings.num_embeddings
        # our word ids index the model's embeddings; the action tokens get their own rows
        self.extra = nn.Embedding(max(1, extra_vocab), self.dim)
        self.wte = self.extra  # discrete heads tie to these rows (ids ≥ text_vocab)

    @classmethod
    def from_spec(cls, spec, vocab_size):
        path = spec["backbone"].get("path") or spec["backbone"]["id"][3:]
        return cls(path, vocab_size, spec["observation"]["image_size"])

    def _language_model(self):
        lm = getattr(self.model, "language_model", None)
        if lm is None and getattr(self.model, "model", None) is not None:
            lm = getattr(self.model.model, "language_model", None)
        return lm if lm is not None else self.model

    def encode_images(self, images):
        """(N, C, 3, H, W) in [0, 1] → (N, C * tokens, dim)."""
        n = images.shape[0]
        pixels = ((images - 0.5) / 0.5).flatten(0, 1)
        if hasattr(self.model, "get_image_features"):
            feats = self.model.get_image_features(pixel_values=pixels)
            if not torch.is_tensor(feats):
                feats = getattr(feats, "last_hidden_state", None) if hasattr(feats, "last_hidden_state") else torch.stack(list(feats))
        else:
            tower = getattr(self.model, "vision_tower", None) or getattr(self.model, "vision_model", None)
            if tower is None:
                raise ValueError("this Hugging Face model exposes no image encoder (get_image_features / vision_tower)")
            feats = tower(pixel_values=pixels).last_hidden_state
            proj = getattr(self.model, "multi_modal_projector", None)
            if proj is not None:
                feats = proj(feats)
        return feats.reshape(n, -1, feats.shape[-1])

    def embed_words(self, ids):
        emb = self.embeddings(ids.clamp(max=self.text_vocab - 1))
        is_extra = ids >= self.text_vocab
        return torch.where(is_extra[..., None], self.extra((ids - self.text_vocab).clamp(min=0, max=self.extra.num_embeddings - 1)), emb)

    def forward_lm(self, x, key_mask=None, media=None):
        out = self._language_model()(inputs_embeds=x, attention_mask=None if key_mask is None else key_mask.long(),
                                     output_hidden_states=True, return_dict=True)
        hs = getattr(out, "hidden_states", None)
        return hs[-1] if hs is not None else out.last_hidden_state
