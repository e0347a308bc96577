"""hf:<local path or id>: a Hugging Face vision-language model as a VLA backbone (RoboVLMs' design:
the VLM's own vision tower, projector and language model; our [ACT] and action-bin tokens added).

Loading: from `backbone.path`, else the id after "hf:" as a local directory or a model already in
the local Hugging Face cache; nothing is ever downloaded. `backbone.init: "random"` builds the
architecture from its config with random weights instead (and says so).

Inputs as the model expects them: frames go through the model's own image preprocessing
(hf_images.py, from its saved image-processor config), and each frame becomes the block of image
tokens the model's processor would write (e.g. Qwen2-VL's <|vision_start|> pads <|vision_end|>,
Idefics3's <fake_token_around_image><global-img> … ), its placeholders replaced by the model's
projected image features; instructions are the model's tokenizer's ids (policy/tokenizer.py), with
the BOS token where the processor puts it. Supported families are listed in FAMILIES (all
decoder-only: vision tokens live in the language model's sequence, so every formulation works).

Our [ACT] and bin tokens are new rows after the model's vocabulary (`vocab_offset`), kept in their
own embedding (`extra`) whose weight is also their LM-head rows (tied), so freezing the model's word
table never freezes them. Every module (LoRA adapters included) exists after __init__."""

import contextlib
import os

import torch
import torch.nn as nn

from ..registry import register_backbone
from ..tokenizer import ConfigError, hf_path, require_transformers
from .hf_images import ImageProcessor

# model_type → how a frame is written into the sequence and where the BOS token goes.
#   block: the special tokens around a frame's image placeholders ("image" marks the placeholders)
#   bos: "first" — BOS opens the sequence when the tokenizer adds one (the processor tokenizes
#   "<image>…instruction" with BOS in front); "text" — BOS opens the text after the image (PaliGemma's
#   processor writes it there itself); None — no BOS
FAMILIES = {
    "llava": {"block": ["image"], "bos": "first"},
    "paligemma": {"block": ["image"], "bos": "text"},
    "qwen2_vl": {"block": ["<|vision_start|>", "image", "<|vision_end|>"], "bos": None},
    "qwen2_5_vl": {"block": ["<|vision_start|>", "image", "<|vision_end|>"], "bos": None},
    "idefics3": {"block": ["<fake_token_around_image>", "<global-img>", "image", "<fake_token_around_image>"], "bos": "first"},
    "smolvlm": {"block": ["<fake_token_around_image>", "<global-img>", "image", "<fake_token_around_image>"], "bos": "first"},
    "kosmos-2": {"block": ["<image>", "image", "</image>"], "bos": "first"},
}
VISION_TOWERS = ("vision_tower", "visual", "vision_model")
LANGUAGE_MODELS = ("language_model", "text_model")


def _first_line(e):
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def resolve_model_dir(spec):
    """The local directory an hf: spec names: backbone.path, a directory, or a cached hub id."""
    path = hf_path(spec)
    if os.path.isdir(path):
        return path
    if spec["backbone"].get("path") or path.startswith((".", "/", "~")):
        raise ConfigError(
            f"backbone.path {path} is not a directory: point it at the model's local directory "
            "(config.json, weights, processor and tokenizer files, as save_pretrained writes them)"
        )
    try:
        from huggingface_hub import snapshot_download

        return snapshot_download(path, local_files_only=True)
    except Exception:  # noqa: BLE001 — not in the cache (LocalEntryNotFoundError, ValueError for a malformed id)
        raise ConfigError(
            f"{path} is neither a local directory nor a model in the local Hugging Face cache, and VLA Lab "
            f"never downloads: download it yourself (huggingface-cli download {path} --local-dir DIR) "
            "and set backbone.path to DIR"
        ) from None


def load_model(spec, log=print):
    """(model, processor pieces, directory) for an hf: spec, or ConfigError in one line."""
    transformers = require_transformers(spec["backbone"]["id"])
    path = resolve_model_dir(spec)
    try:
        config = transformers.AutoConfig.from_pretrained(path, local_files_only=True)
    except Exception as e:  # noqa: BLE001 — OSError, ValueError, KeyError for missing/unknown configs
        raise ConfigError(
            f"{path} has no usable config.json ({_first_line(e)}): it must be a model directory written by save_pretrained"
        ) from None
    if config.model_type not in FAMILIES:
        raise ConfigError(
            f"{path} is a '{config.model_type}' model; the built-in trainer's hf: backbone supports "
            f"{', '.join(sorted(FAMILIES))} (use the RoboVLMs backend for others)"
        )
    cls = transformers.AutoModelForImageTextToText
    if spec["backbone"].get("init") == "random":
        log(f'warning: backbone.init is "random": {path}\'s architecture with random weights, not its pre-trained ones')
        model = cls.from_config(config)
    else:
        try:
            model = cls.from_pretrained(path, local_files_only=True, dtype=torch.float32)
        except Exception as e:  # noqa: BLE001
            raise ConfigError(
                f"cannot load the weights in {path} ({_first_line(e)}): the directory needs the model's weight "
                'files, or set backbone.init to "random" to train the architecture from scratch'
            ) from None
    try:
        image_processor = transformers.AutoImageProcessor.from_pretrained(path, local_files_only=True)
    except Exception as e:  # noqa: BLE001
        raise ConfigError(
            f"{path} has no image processor config ({_first_line(e)}): save the model's processor with it "
            "(processor.save_pretrained), so frames are resized and normalised as the model expects"
        ) from None
    return model, image_processor, path


def _find(module, names):
    """(qualified name, module) of the first submodule whose own name is one of `names`."""
    for qual, sub in module.named_modules():
        if qual.split(".")[-1] in names:
            return qual, sub
    return None, None


@register_backbone("hf")
class HFBackbone(nn.Module):
    decoder_only = True

    def __init__(self, spec, vocab_size, extra_tokens=0, log=print):
        super().__init__()
        bb = spec["backbone"]
        model, image_processor, path = load_model(spec, log)
        self.model_type = model.config.model_type
        self.family = FAMILIES[self.model_type]
        self.text_config = model.config.get_text_config()
        self.hidden = self.text_config.hidden_size
        self.vocab_offset = model.get_input_embeddings().num_embeddings
        if vocab_size > self.vocab_offset:
            raise ConfigError(
                f"the tokenizer has {vocab_size} tokens but the model in {path} embeds only {self.vocab_offset}: "
                "the tokenizer files must be the model's own"
            )
        self.images = ImageProcessor(image_processor, self.model_type, spec["observation"]["image_size"])
        self.cameras = len(spec["observation"]["cameras"])
        self._setup_tokens(path, model)
        # our tokens: initialised at the mean of the model's word embeddings (as resizing an embedding
        # table does), so their scale matches the words the model has seen
        words = model.get_input_embeddings().weight.detach()
        self.extra = nn.Embedding(max(1, extra_tokens), self.hidden)
        with torch.no_grad():
            self.extra.weight.copy_(words.mean(0) + words.std(0) * 0.02 * torch.randn(self.extra.weight.shape))
        train = bb.get("train", {})
        self.feature_layer = int(bb.get("feature_layer", -1))
        self.autocast = {"bf16": torch.bfloat16, "fp16": torch.float16}.get(train.get("autocast", "none"))
        self.model = model
        self.model.config.use_cache = False
        self._freeze_and_adapt(bb)
        if train.get("gradient_checkpointing"):
            # transformers 5 renamed it (the old name warns); 4.x has only the old one
            if hasattr(self.base, "activation_checkpointing_enable"):
                self.base.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
            else:
                self.base.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})

    # ---- construction ------------------------------------------------------------------------------------
    def _setup_tokens(self, path, model):
        """Token ids of the frame block and BOS, from the model's tokenizer and config."""
        from ..tokenizer import _load_hf_tokenizer

        tok = _load_hf_tokenizer(require_transformers("hf"), path)
        cfg = model.config
        placeholder = getattr(cfg, "image_token_id", None)
        if placeholder is None:
            placeholder = getattr(cfg, "image_token_index", None)
        if self.model_type == "kosmos-2":
            placeholder = tok.unk_token_id + 1  # Kosmos-2 writes its image places as the ids after <unk>
        ids = []
        for item in self.family["block"]:
            if item != "image":
                tid = tok.convert_tokens_to_ids(item)
                if tid is None or tid == tok.unk_token_id:
                    raise ConfigError(f"the tokenizer in {path} has no {item} token, which {self.model_type} writes around each image")
                ids.append(tid)
                continue
            n = self._image_tokens(cfg)
            ids += list(range(placeholder, placeholder + n)) if self.model_type == "kosmos-2" else [placeholder] * n
            self.placeholder_slice = (len(ids) - n, len(ids))
        self.register_buffer("block_ids", torch.tensor(ids, dtype=torch.long), persistent=False)
        bos = tok.bos_token_id
        # PaliGemma's processor writes BOS itself; the others' tokenizers add it (or not)
        adds_bos = bos is not None and (self.family["bos"] == "text" or tok("a")["input_ids"][:1] == [bos])
        self.bos_id = bos if adds_bos else None
        self.bos_at = self.family["bos"] if adds_bos else None
        self.pad_id = tok.pad_token_id if tok.pad_token_id is not None else 0

    def _image_tokens(self, cfg):
        """How many placeholders one frame takes (what the model's processor expands <image> to)."""
        v = cfg.vision_config
        h, w = self.images.out_size
        if self.model_type in ("qwen2_vl", "qwen2_5_vl"):
            return (h // v.patch_size) * (w // v.patch_size) // (v.spatial_merge_size**2)
        if self.model_type == "kosmos-2":
            return cfg.latent_query_num
        patches = (h // v.patch_size) * (w // v.patch_size)
        if self.model_type in ("idefics3", "smolvlm"):
            return patches // (cfg.scale_factor**2)
        if self.model_type == "llava" and cfg.vision_feature_select_strategy == "full":
            return patches + 1
        return patches

    @property
    def base(self):
        """The transformers model itself (under LoRA's wrapper when adapters are on)."""
        m = self.model
        return m.get_base_model() if hasattr(m, "get_base_model") else m

    def _freeze_and_adapt(self, bb):
        """Which parameters train (backbone.train, backbone.lora); LoRA adapters via peft."""
        train, lora = bb.get("train", {}), bb.get("lora", {})
        base = self.base
        vision_name, _ = _find(base, VISION_TOWERS)
        language_name, _ = _find(base, LANGUAGE_MODELS)
        if vision_name is None or language_name is None:
            raise ConfigError(f"cannot find the vision tower and language model of this {self.model_type} model")
        towers = {"vision": vision_name, "language": language_name}
        adapted = (
            {"language": ["language"], "vision": ["vision"], "both": ["vision", "language"]}[lora.get("towers", "language")]
            if lora.get("enabled")
            else []
        )
        if adapted:
            import peft

            wanted = lora.get("target_modules") or []
            targets = [
                q
                for q, m in base.named_modules()
                if isinstance(m, nn.Linear)
                and any(q.startswith(towers[t] + ".") for t in adapted)
                and (not wanted or q.split(".")[-1] in wanted)
                and not q.endswith("lm_head")
            ]
            if not targets:
                raise ConfigError(
                    f"backbone.lora.target_modules {wanted} match no linear layer of the {'/'.join(adapted)} tower "
                    f"(names in {self.model_type}: e.g. {', '.join(sorted({q.split('.')[-1] for q, m in base.named_modules() if isinstance(m, nn.Linear)})[:8])})"
                )
            cfg = peft.LoraConfig(
                r=int(lora.get("r", 64)),
                lora_alpha=float(lora.get("alpha", 16)),
                lora_dropout=float(lora.get("dropout", 0.05)),
                target_modules=targets,
            )
            self.model = peft.get_peft_model(base, cfg)
        embeddings = {id(p) for p in base.get_input_embeddings().parameters()}
        # An untied LM head belongs to the language model: it trains when the language model does
        # (our action tokens have their own rows in `extra`, so a frozen head freezes nothing of ours).
        head = base.get_output_embeddings()
        lm_head = {id(p) for p in head.parameters()} - embeddings if head is not None else set()
        for qual, p in base.named_parameters():
            if "lora_" in qual:
                p.requires_grad_(True)
                continue
            part = next((t for t, prefix in towers.items() if qual.startswith(prefix + ".")), None)
            if id(p) in embeddings:
                p.requires_grad_(bool(train.get("text_embedding", True)))
            elif id(p) in lm_head:
                p.requires_grad_(bool(train.get("language", True)) and "language" not in adapted)
            elif part is None:
                p.requires_grad_(True)  # the projector between the towers: always trained
            else:
                p.requires_grad_(bool(train.get(part, True)) and part not in adapted)

    def merge_lora(self):
        """Folds trained LoRA adapters into the weights (the same outputs, no adapter modules)."""
        if hasattr(self.model, "merge_and_unload"):
            self.model = self.model.merge_and_unload()

    # ---- the backbone interface ------------------------------------------------------------------------------
    def _amp(self, device):
        return torch.autocast(device.type, dtype=self.autocast) if self.autocast is not None else contextlib.nullcontext()

    def preprocess(self, images):
        """uint8 frames (…, H, W, 3) → the model's normalised pixels (…, 3, H', W')."""
        lead = images.shape[:-3]
        x = self.images(images.reshape(-1, *images.shape[-3:]))
        return x.view(*lead, *x.shape[1:])

    def image_features(self, pixels):
        """Normalised frames (N, 3, H, W) → the model's projected image features (N, n, hidden)."""
        base, n = self.base, pixels.shape[0]
        if self.model_type in ("qwen2_vl", "qwen2_5_vl"):
            patches, grid = self.images.pack_qwen(pixels)
            out = base.get_image_features(patches, grid)
        elif self.model_type in ("idefics3", "smolvlm"):
            out = base.get_image_features(
                pixels[:, None], pixel_attention_mask=torch.ones(n, 1, *pixels.shape[-2:], dtype=torch.bool, device=pixels.device)
            )
        elif self.model_type == "kosmos-2":
            out = base.get_image_features(pixels)
        else:
            out = base.get_image_features(pixel_values=pixels)
        feats = getattr(out, "pooler_output", out)
        if isinstance(feats, (list, tuple)):
            feats = torch.cat(list(feats), 0)
        return feats.reshape(n, -1, self.hidden)

    def encode_images(self, images):
        """Normalised frames (B, cams, 3, H, W) → each camera's image-token block (B, cams·block, hidden)."""
        b, cams = images.shape[:2]
        with self._amp(images.device):
            feats = self.image_features(images.flatten(0, 1)).float()
        blocks = self.word_embeddings(self.block_ids).expand(b * cams, -1, -1)
        lo, hi = self.placeholder_slice
        blocks = torch.cat([blocks[:, :lo], feats, blocks[:, hi:]], dim=1)
        return blocks.reshape(b, cams * blocks.shape[1], self.hidden)

    def word_embeddings(self, ids):
        return self.base.get_input_embeddings()(ids)

    def embed_text(self, ids):
        ours = ids >= self.vocab_offset
        out = self.word_embeddings(ids.clamp(max=self.vocab_offset - 1))
        # always both lookups, no branch on the ids' values: torch.export (ONNX) cannot trace one
        return torch.where(ours[..., None], self.extra((ids - self.vocab_offset).clamp(min=0)).to(out.dtype), out)

    def forward_parts(self, parts, media=None):
        """parts: [(kind, x, mask)] in sequence order — "image" (x: encode_images' tokens), "text" or
        "action" (x: ids) → hidden states (B, Σn, hidden), one per part position, from `feature_layer`.
        The model's BOS is added where its processor puts it (and dropped from the output)."""
        b = parts[0][1].shape[0]
        dev = parts[0][1].device
        embeds, masks, ids, kinds = [], [], [], []
        bos_at = self.bos_at
        first_text = next((i for i, p in enumerate(parts) if p[0] == "text"), None)
        for i, (kind, x, m) in enumerate(parts):
            if (bos_at == "first" and i == 0) or (bos_at == "text" and i == first_text):
                bos = torch.full((b, 1), self.bos_id, dtype=torch.long, device=dev)
                embeds.append(self.embed_text(bos)), masks.append(torch.ones(b, 1, dtype=torch.bool, device=dev))
                ids.append(bos), kinds.append(torch.zeros(b, 1, dtype=torch.long, device=dev))
            if kind == "image":
                embeds.append(x)
                ids.append(self.block_ids.repeat(x.shape[1] // len(self.block_ids)).expand(b, -1))
            else:
                embeds.append(self.embed_text(x))
                ids.append(torch.where(x >= self.vocab_offset, self.pad_id, x))
            masks.append(m)
            kinds.append(torch.full((b, x.shape[1]), 1 if kind == "action" else 0, dtype=torch.long, device=dev))
        seq, mask, ids, kinds = (torch.cat(t, 1) for t in (embeds, masks, ids, kinds))
        # bidirectional prefix where the model has one (PaliGemma): everything before the first action token
        prefix = (kinds.cumsum(1) == 0).long()
        h = self.run_language_model(seq, mask.long(), ids, prefix)
        added = 1 if bos_at is not None else 0
        if not added:
            return h
        keep = torch.ones(h.shape[1], dtype=torch.bool, device=dev)
        bos_pos = 0 if bos_at == "first" else sum(p[1].shape[1] for p in parts[:first_text])
        keep[bos_pos] = False
        return h[:, keep]

    def run_language_model(self, embeds, mask, ids, prefix):
        """The model's own language-model forward over `embeds` (its masks and positions; ids only say
        where the image tokens are) → hidden states of `feature_layer`."""
        base = self.base
        kw = {"attention_mask": mask, "output_hidden_states": self.feature_layer != -1}
        with self._amp(embeds.device):
            if self.model_type == "kosmos-2":
                out = base.text_model.model(inputs_embeds=embeds, **kw)
            elif self.model_type == "paligemma":
                out = base.model(inputs_embeds=embeds, token_type_ids=1 - prefix, **kw)
            elif self.model_type in ("qwen2_vl", "qwen2_5_vl"):
                n_img = int((ids == self.block_ids[self.placeholder_slice[0]]).sum()) // (
                    self.placeholder_slice[1] - self.placeholder_slice[0]
                )
                grid = torch.tensor([[1, *(s // self.images.patch for s in self.images.out_size)]], device=ids.device).repeat(
                    max(1, n_img), 1
                )
                mm = (ids == self.block_ids[self.placeholder_slice[0]]).int()
                positions, _ = base.model.get_rope_index(ids, mm, image_grid_thw=grid, attention_mask=mask)
                out = base.model(inputs_embeds=embeds, position_ids=positions, **kw)
            else:
                out = base.model(inputs_embeds=embeds, **kw)
        h = out.last_hidden_state if self.feature_layer == -1 else out.hidden_states[self.feature_layer]
        return h.float()

    def forward_lm(self, embeds, mask=None, media=None):
        raise NotImplementedError("the hf: backbone runs whole sequences through forward_parts")

    def lm_logits(self, h):
        """Logits over the model's vocabulary, then over our extra tokens (ids vocab_offset + i)."""
        head = self.base.get_output_embeddings()
        words = head(h.to(head.weight.dtype)).float()[..., : self.vocab_offset]
        return torch.cat([words, h @ self.extra.weight.t()], dim=-1)
