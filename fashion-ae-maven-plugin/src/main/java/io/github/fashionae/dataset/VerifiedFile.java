package io.github.fashionae.dataset;

import java.nio.file.Path;

/**
 * A gzipped IDX file whose decompressed payload was checked against its {@link IdxFileSpec}.
 *
 * @param spec what it was checked against
 * @param path where it lies
 * @param header its header, whose counts the later goals may trust
 */
public record VerifiedFile(IdxFileSpec spec, Path path, IdxHeader header) {
}
