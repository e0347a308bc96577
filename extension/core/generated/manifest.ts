/* Generated from schemas/manifest.schema.json by scripts/gen-types.mjs. Do not edit. */

export type Sha256 = string;

/**
 * manifest.json: what a run was made from, to reproduce it elsewhere — code (commit and uncommitted diff of the workspace and of the backend), interpreter and installed packages, hashes of the resolved spec, of each dataset's index files and of the benchmark, seeds and hardware. Written once when the run first starts (by the built-in trainer; for backend robovlms by the runner, through `python -m vlalab manifest`); a resume leaves it as it is. Manifest version 1.
 */
export interface RunManifest {
  v: 1;
  created_at: string;
  /**
   * What wrote it: `vlalab train` or `vlalab manifest` (the runner, backend robovlms).
   */
  writer?: string;
  backend: 'builtin' | 'robovlms';
  spec: {
    /**
     * sha256 of the resolved spec's canonical JSON (sorted keys, no spaces): run.json's spec_hash.
     */
    sha256: string;
    file?: string;
  };
  code: {
    workspace: Code;
    backend: Code1;
  };
  python: {
    executable: string;
    version: string;
    implementation?: string;
    platform?: string;
  };
  /**
   * Installed distribution (lower-case name) → version, from importlib.metadata.
   */
  packages: {
    [k: string]: string;
  };
  data: Dataset[];
  benchmark?: {
    name: string;
    /**
     * The benchmark's version number; null when it has none (Playtable has none yet).
     */
    version?: string | null;
    sha256: Sha256;
    /**
     * What was hashed.
     */
    source?: string;
    files?: {
      [k: string]: Sha256;
    };
  } | null;
  /**
   * Every `seed` of the resolved spec by its JSON pointer (/train/seed, /data/stages/0/datasets/0/seed, /eval/0/seed…).
   */
  seeds: {
    [k: string]: number;
  };
  hardware: {
    cpu: string | null;
    cores: number | null;
    memory_bytes?: number | null;
    machine?: string;
    os?: string;
    gpus?: {
      index?: number;
      name: string;
      memory_mib?: number | null;
    }[];
    /**
     * The NVIDIA driver (nvidia-smi), null without one.
     */
    driver?: string | null;
    /**
     * torch's CUDA version, when torch was loaded.
     */
    cuda?: string | null;
  };
}
/**
 * The spec's repository (the directory of the *.vla.json the run was started from).
 */
export interface Code {
  /**
   * The directory described (absolute).
   */
  path: string;
  /**
   * The git repository's top-level directory.
   */
  repo?: string | null;
  commit: string | null;
  branch?: string | null;
  /**
   * Tracked files differ from the commit.
   */
  dirty: boolean | null;
  /**
   * `git diff HEAD` of `path` (binary files named, not included); cut at `diff_limit` bytes.
   */
  diff?: string;
  /**
   * sha256 of the whole diff, also when `diff` was cut.
   */
  diff_sha256?: string;
  diff_bytes?: number;
  diff_truncated?: boolean;
  /**
   * Untracked, not ignored files (the first 200).
   */
  untracked?: string[];
  /**
   * Backend only: sha256 over the relative path and bytes of every *.py file under `path` — the code's identity with or without git.
   */
  tree_sha256?: string;
  /**
   * Why git could not say (not a repository, git missing).
   */
  error?: string;
}
/**
 * VLA Lab's python/ tree (backend builtin) or the RoboVLMs checkout.
 */
export interface Code1 {
  /**
   * The directory described (absolute).
   */
  path: string;
  /**
   * The git repository's top-level directory.
   */
  repo?: string | null;
  commit: string | null;
  branch?: string | null;
  /**
   * Tracked files differ from the commit.
   */
  dirty: boolean | null;
  /**
   * `git diff HEAD` of `path` (binary files named, not included); cut at `diff_limit` bytes.
   */
  diff?: string;
  /**
   * sha256 of the whole diff, also when `diff` was cut.
   */
  diff_sha256?: string;
  diff_bytes?: number;
  diff_truncated?: boolean;
  /**
   * Untracked, not ignored files (the first 200).
   */
  untracked?: string[];
  /**
   * Backend only: sha256 over the relative path and bytes of every *.py file under `path` — the code's identity with or without git.
   */
  tree_sha256?: string;
  /**
   * Why git could not say (not a repository, git missing).
   */
  error?: string;
}
export interface Dataset {
  stage?: string;
  type?: string;
  path: string;
  split: string;
  /**
   * <split>/<index file> → sha256 (the files the data cache keys on: ep_start_end_ids.npy, lang_annotations/auto_lang_ann.npy; the validation split's too when present).
   */
  files: {
    [k: string]: Sha256;
  };
  /**
   * sha256 over `files` (name and hash per line, sorted): the dataset's identity.
   */
  sha256: string;
  /**
   * The episode files of the same splits (CALVIN layout: <split>/episode_<frame>.npz), each hashed (streamed): a changed, missing or added file is named by `vla-lab reproduce`.
   */
  episodes?: {
    count: number;
    bytes: number;
    /**
     * sha256 over `files` (name and hash per line, sorted).
     */
    sha256: string;
    /**
     * <split>/<episode file> → sha256.
     */
    files: {
      [k: string]: Sha256;
    };
  };
  error?: string;
}
