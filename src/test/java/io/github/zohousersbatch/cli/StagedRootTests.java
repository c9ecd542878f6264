package io.github.zohousersbatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the image's root is staged: in the build directory when every account can reach
 * it, else in a temporary directory of this account's own, taken again by a later run
 * only while it is still that.
 */
class StagedRootTests {

	@TempDir
	Path checkout;

	@Test
	void aBuildDirectoryOthersCanReachHoldsTheRoot() throws Exception {
		// given
		Files.setPosixFilePermissions(this.checkout, PosixFilePermissions.fromString("rwxr-xr-x"));

		// when
		Path root = StagedRoot.of(this.checkout.resolve("target/container-image"));

		// then
		assertThat(root).isEqualTo(this.checkout.resolve("target/container-image/root"));
	}

	@Test
	void aPrivateCheckoutStagesTheRootWhereOthersCanReadItAndTheNextRunTakesItAgain() throws Exception {
		// given: a checkout under a directory only its owner enters, as /root
		Files.setPosixFilePermissions(this.checkout, PosixFilePermissions.fromString("rwx------"));
		Path build = this.checkout.resolve("target/container-image");

		// when
		Path root = StagedRoot.of(build);
		Path again = StagedRoot.of(build);

		// then
		try {
			assertThat(root.startsWith(this.checkout)).isFalse();
			assertThat(StagedRoot.othersCanEnter(root.getParent())).isTrue();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.getParent())))
				.isEqualTo("rwxr-xr-x");
			assertThat(again).isEqualTo(root);
		}
		finally {
			Files.delete(root.getParent());
		}
	}

	@Test
	void aRecordedDirectoryAnotherAccountOwnsOrALinkIsNotTakenAgain() throws Exception {
		// given: the recorded location replaced by one another account made, and a link
		Files.setPosixFilePermissions(this.checkout, PosixFilePermissions.fromString("rwx------"));
		Path build = Files.createDirectories(this.checkout.resolve("target/container-image"));
		Path squatted = Files.createTempDirectory("zoho-users-batch-image-squatted-");
		UserPrincipal other = squatted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		Files.setOwner(squatted, other);
		Path link = Files.createSymbolicLink(this.checkout.resolve("link"), Files.createTempDirectory("zoho-real-"));

		try {
			// when
			Files.writeString(build.resolve("root.location"), squatted.resolve("root").toString());
			Path instead = StagedRoot.of(build);
			Files.writeString(build.resolve("root.location"), link.resolve("root").toString());
			Path insteadOfLink = StagedRoot.of(build);

			// then
			assertThat(instead.getParent()).isNotEqualTo(squatted);
			assertThat(insteadOfLink.getParent()).isNotEqualTo(link);
			Files.delete(instead.getParent());
			Files.delete(insteadOfLink.getParent());
		}
		finally {
			Files.delete(squatted);
			Files.delete(link.toRealPath());
		}
	}

}
