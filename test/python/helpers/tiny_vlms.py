"""Tiny, randomly initialised instances of real transformers VLM architectures, each saved with its
own processor and tokenizer to a directory, as a downloaded model would be (nothing is downloaded:
the configs are small, the tokenizer is a BPE trained here on the simulator's instructions).

`build(family, directory)` writes one; FAMILIES lists them. Every family sees 32x32 images (the
processors are configured for that size, so their resize is the identity and a comparison with our
torch preprocessing tests rescaling, normalisation, patch packing and image-token layout)."""

import os

FAMILIES = ["llava", "paligemma", "qwen2_vl", "idefics3", "kosmos2"]
IMAGE = 32
MEAN, STD = [0.48, 0.45, 0.40], [0.27, 0.26, 0.28]  # not 0.5: a preprocessing that ignores them shows


def _tokenizer(special, bos=True, cls=None):
    """A fast BPE tokenizer over the simulator's instruction words plus `special` tokens (`cls`: the
    PreTrainedTokenizerFast subclass to wrap it in, for processors that check the class)."""
    import transformers
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from vlalab.sim.instructions import training_vocabulary

    base = ["<pad>", "<unk>", "<s>", "</s>"]
    tk = Tokenizer(models.BPE(unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    tk.train_from_iterator([" ".join(training_vocabulary())], trainers.BpeTrainer(vocab_size=120, special_tokens=base, show_progress=False))
    if bos:
        tk.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", tk.token_to_id("<s>"))])
    tok = (cls or transformers.PreTrainedTokenizerFast)(
        tokenizer_object=tk, unk_token="<unk>", pad_token="<pad>", bos_token="<s>", eos_token="</s>"
    )
    if special:
        tok.add_special_tokens({"additional_special_tokens": special})
    return tok


def _clip_image_processor(transformers):
    return transformers.CLIPImageProcessor(
        size={"shortest_edge": IMAGE}, crop_size={"height": IMAGE, "width": IMAGE}, image_mean=MEAN, image_std=STD
    )


def _vision(transformers, cls, **kw):
    return cls(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, image_size=IMAGE, patch_size=8, **kw)


def _text(**kw):
    return dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2, **kw)


class _Pieces:
    def __init__(self, *pieces):
        self.pieces = pieces

    def save_pretrained(self, directory):
        for p in self.pieces:
            p.save_pretrained(directory)


def build(family, directory):
    import torch
    import transformers as tf

    torch.manual_seed(0)
    os.makedirs(directory, exist_ok=True)
    if family == "llava":
        tok = _tokenizer(["<image>"])
        proc = tf.LlavaProcessor(
            image_processor=_clip_image_processor(tf),
            tokenizer=tok,
            patch_size=8,
            vision_feature_select_strategy="default",
            num_additional_image_tokens=1,
            image_token="<image>",
        )
        cfg = tf.LlavaConfig(
            vision_config=_vision(tf, tf.CLIPVisionConfig),
            text_config=tf.LlamaConfig(**_text(vocab_size=len(tok))),
            image_token_index=tok.convert_tokens_to_ids("<image>"),
            vision_feature_layer=-1,
            vision_feature_select_strategy="default",
        )
        model = tf.LlavaForConditionalGeneration(cfg)
    elif family == "paligemma":
        tok = _tokenizer(["<image>"])
        ip = tf.SiglipImageProcessor(size={"height": IMAGE, "width": IMAGE}, image_mean=MEAN, image_std=STD)
        ip.image_seq_length = (IMAGE // 8) ** 2
        proc = tf.PaliGemmaProcessor(image_processor=ip, tokenizer=tok)
        vision = _vision(tf, tf.SiglipVisionConfig)
        text = tf.GemmaConfig(**_text(vocab_size=len(proc.tokenizer), head_dim=16))
        cfg = tf.PaliGemmaConfig(
            vision_config=vision, text_config=text, image_token_index=proc.image_token_id, projection_dim=32, hidden_size=32
        )
        model = tf.PaliGemmaForConditionalGeneration(cfg)
    elif family == "qwen2_vl":
        tok = _tokenizer(["<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"], bos=False)
        ip = tf.Qwen2VLImageProcessor(
            patch_size=8,
            merge_size=2,
            temporal_patch_size=2,
            image_mean=MEAN,
            image_std=STD,
            min_pixels=IMAGE * IMAGE,
            max_pixels=IMAGE * IMAGE,
        )
        # Qwen2VLProcessor insists on a video processor, which needs torchvision (no CPU build for this
        # torch): the image processor and tokenizer are saved as they are, the pieces the processor holds
        proc = _Pieces(ip, tok)
        ids = {t: tok.convert_tokens_to_ids(t) for t in ["<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]}
        vision = dict(
            depth=1, embed_dim=32, hidden_size=32, num_heads=2, patch_size=8, spatial_merge_size=2, temporal_patch_size=2, mlp_ratio=2
        )
        text = _text(vocab_size=len(tok), rope_scaling={"type": "mrope", "mrope_section": [2, 3, 3]})
        cfg = tf.Qwen2VLConfig(
            vision_config=vision,
            text_config=text,
            image_token_id=ids["<|image_pad|>"],
            video_token_id=ids["<|video_pad|>"],
            vision_start_token_id=ids["<|vision_start|>"],
            vision_end_token_id=ids["<|vision_end|>"],
        )
        model = tf.Qwen2VLForConditionalGeneration(cfg)
    elif family == "idefics3":
        tok = _tokenizer(["<fake_token_around_image>", "<image>", "<global-img>", "<end_of_utterance>"])
        ip = tf.Idefics3ImageProcessor(
            do_image_splitting=False, size={"longest_edge": IMAGE}, max_image_size={"longest_edge": IMAGE}, image_mean=MEAN, image_std=STD
        )
        proc = tf.Idefics3Processor(image_processor=ip, tokenizer=tok, image_seq_len=(IMAGE // 8) ** 2 // 4)
        cfg = tf.Idefics3Config(
            vision_config=_vision(tf, tf.Idefics3VisionConfig).to_dict(),
            text_config=tf.LlamaConfig(**_text(vocab_size=len(tok))).to_dict(),
            image_token_id=tok.convert_tokens_to_ids("<image>"),
            scale_factor=2,
        )
        model = tf.Idefics3ForConditionalGeneration(cfg)
    elif family == "kosmos2":
        # transformers 4.x (RoboVLMs pins 4.37.2) accepts only an XLM-R tokenizer class in Kosmos2Processor
        v4 = int(tf.__version__.split(".")[0]) < 5
        tok = _tokenizer([], cls=tf.XLMRobertaTokenizerFast if v4 else None)
        proc = tf.Kosmos2Processor(image_processor=_clip_image_processor(tf), tokenizer=tok)
        if v4:
            from transformers.models.kosmos2.configuration_kosmos2 import Kosmos2VisionConfig  # not exported in 4.x
        else:
            Kosmos2VisionConfig = tf.Kosmos2VisionConfig
        vision = _vision(tf, Kosmos2VisionConfig).to_dict()
        text = dict(embed_dim=32, ffn_dim=64, layers=2, attention_heads=2, vocab_size=len(proc.tokenizer), max_position_embeddings=256)
        cfg = tf.Kosmos2Config(vision_config=vision, text_config=text, latent_query_num=64)  # the processor's fixed 64 places
        model = tf.Kosmos2ForConditionalGeneration(cfg)
    else:
        raise ValueError(f"unknown family {family}")
    model.save_pretrained(directory)
    proc.save_pretrained(directory)
    return directory
