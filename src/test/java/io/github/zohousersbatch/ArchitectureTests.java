package io.github.zohousersbatch;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.PropertyResolver;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house as the package documentation draws it: dependencies run from {@code cli} down
 * to {@code fleet}, {@code job}, the features, {@code http}, {@code db} and
 * {@code metrics}, and the shared vocabulary at the bottom; never back up, never in a
 * circle.
 */
class ArchitectureTests {

	static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.zohousersbatch");

	@Test
	void packagesDoNotDependOnEachOtherInACircle() {
		slices().matching("io.github.zohousersbatch.(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void dependenciesPointDown() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("cli")
			.definedBy("io.github.zohousersbatch.cli..")
			.layer("fleet")
			.definedBy("io.github.zohousersbatch.fleet..")
			.layer("job")
			.definedBy("io.github.zohousersbatch.job..")
			.layer("features")
			.definedBy("io.github.zohousersbatch.users..", "io.github.zohousersbatch.licence..",
					"io.github.zohousersbatch.auth..", "io.github.zohousersbatch.reporting..",
					"io.github.zohousersbatch.doctor..")
			.layer("infrastructure")
			.definedBy("io.github.zohousersbatch.http..", "io.github.zohousersbatch.db..",
					"io.github.zohousersbatch.metrics..")
			.layer("sandbox")
			.definedBy("io.github.zohousersbatch.sandbox..")
			.layer("vocabulary")
			.definedBy("io.github.zohousersbatch")
			.whereLayer("cli")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("fleet")
			.mayOnlyBeAccessedByLayers("cli")
			.whereLayer("job")
			.mayOnlyBeAccessedByLayers("cli", "fleet")
			.whereLayer("features")
			.mayOnlyBeAccessedByLayers("cli", "fleet", "job")
			.whereLayer("infrastructure")
			.mayOnlyBeAccessedByLayers("cli", "fleet", "job", "features")
			.whereLayer("sandbox")
			.mayOnlyBeAccessedByLayers("cli")
			.check(CLASSES);
	}

	@Test
	void theSharedVocabularyUsesNoOtherPackageOfOurs() {
		com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
			.that()
			.resideInAPackage("io.github.zohousersbatch")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.zohousersbatch.(*)..")
			.check(CLASSES);
	}

	@Test
	void theInfrastructureDoesNotKnowTheFeatures() {
		com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
			.that()
			.resideInAnyPackage("io.github.zohousersbatch.http..", "io.github.zohousersbatch.db..",
					"io.github.zohousersbatch.metrics..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.zohousersbatch.users..", "io.github.zohousersbatch.licence..",
					"io.github.zohousersbatch.auth..", "io.github.zohousersbatch.reporting..")
			.check(CLASSES);
	}

	@Test
	void settingsAreBoundNeverReadRawFromTheEnvironment() {
		Set<String> rawReads = Set.of("getProperty", "getRequiredProperty", "containsProperty");
		com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
			.should()
			.callMethodWhere(DescribedPredicate.describe("a raw property read (Environment.getProperty and the like)",
					(JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(PropertyResolver.class)
							&& rawReads.contains(call.getName())))
			.because("settings are typed @ConfigurationProperties records bound with Binder, as Boot binds them")
			.check(CLASSES);
	}

}
