/** Deterministic re-packing of zip archives (sorted entries, fixed times). Imports only {@code util}. */
package io.github.fashionae.archive;
