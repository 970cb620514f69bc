//! keyport's hot generic code, instantiated here as plain (non-generic) functions: AES-256-GCM
//! over RustCrypto's `aes-gcm`, and standard Base64 over `base64ct`.
//!
//! Why a crate of its own: Rust compiles a generic function in the crate that instantiates it,
//! at that crate's optimisation level. keyport's WASM build is optimised for size
//! (`opt-level = "z"`); instantiated inside keyport at that level, AES-GCM took 18% and Base64
//! encoding 3% of `buildKeyImportRequest`. Instantiated here, the `wasm-release` profile builds
//! this one small crate at `opt-level = 3` (workspace Cargo.toml; figures in BENCHMARKS.md,
//! WASM). Native builds are unaffected. No cryptography is written here.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate alloc;

pub mod aes256gcm;
pub mod base64;
