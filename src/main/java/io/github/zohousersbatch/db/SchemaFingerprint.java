package io.github.zohousersbatch.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * SHA-256 of the changelog files the jar carries ({@code sql/*}), in name order: when the
 * database records the same fingerprint, every changeset is applied and Liquibase (about
 * a second of start-up) can be skipped.
 */
final class SchemaFingerprint {

	private SchemaFingerprint() {
	}

	static String ofChangelogs() {
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:sql/*");
			Arrays.sort(files, Comparator.comparing(Resource::getFilename));
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Resource file : files) {
				digest.update(file.getFilename().getBytes(java.nio.charset.StandardCharsets.UTF_8));
				try (InputStream in = file.getInputStream()) {
					digest.update(in.readAllBytes());
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
