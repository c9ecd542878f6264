package io.github.zohousersbatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.zohousersbatch.db.ConnectionLock;
import io.github.zohousersbatch.fleet.FleetRuns;
import io.github.zohousersbatch.job.JobRuns;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.launch.JobOperator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every path that launches an execution, or declares a running one dead, holds the
 * advisory lock of its connection ({@link ConnectionLock}) or fleet: only {@link JobRuns}
 * and {@link FleetRuns} call {@link JobOperator}'s {@code start}, {@code restart},
 * {@code startNextInstance} and {@code recover}, and each of their methods that does so
 * takes the lock ({@link ConnectionLock#tryAcquire}) itself, or is only called by methods
 * that do. The lock is why the job repository's isolation for creating executions can be
 * {@code read_committed} (application.properties): two launches of one connection never
 * race in the repository.
 */
class LaunchLockArchitectureTests {

	static final Set<String> LAUNCHES = Set.of("start", "restart", "startNextInstance", "recover");

	static final DescribedPredicate<JavaMethodCall> LAUNCH = DescribedPredicate.describe("a launch of an execution",
			call -> isLaunch(call.getTarget()));

	@Test
	void onlyJobRunsAndFleetRunsLaunchExecutions() {
		noClasses().that()
			.doNotBelongToAnyOf(JobRuns.class, FleetRuns.class)
			.should()
			.callMethodWhere(LAUNCH)
			.check(ArchitectureTests.CLASSES);
	}

	@Test
	void everyLaunchHoldsTheLockOfItsConnection() {
		codeUnits().that()
			.areDeclaredInClassesThat()
			.belongToAnyOf(JobRuns.class, FleetRuns.class)
			.should(launchOnlyUnderTheLock())
			.check(ArchitectureTests.CLASSES);
	}

	@Test
	void theRuleSeesTheLaunchesItGuards() {
		List<String> launching = new ArrayList<>();
		for (Class<?> type : List.of(JobRuns.class, FleetRuns.class)) {
			ArchitectureTests.CLASSES.get(type)
				.getCodeUnits()
				.stream()
				.filter(LaunchLockArchitectureTests::launches)
				.forEach(unit -> launching.add(type.getSimpleName() + "." + unit.getName()));
		}
		assertThat(launching).contains("JobRuns.run", "JobRuns.runOrResume", "JobRuns.restart", "FleetRuns.run",
				"FleetRuns.restart");
	}

	private static ArchCondition<JavaCodeUnit> launchOnlyUnderTheLock() {
		return new ArchCondition<>("launch executions only with the lock held") {
			@Override
			public void check(JavaCodeUnit unit, ConditionEvents events) {
				if (launches(unit) && !underLock(unit, new HashSet<>())) {
					events.add(SimpleConditionEvent.violated(unit,
							unit.getFullName() + " launches an execution on a path that does not take the lock"));
				}
			}
		};
	}

	private static boolean launches(JavaCodeUnit unit) {
		return unit.getMethodCallsFromSelf().stream().anyMatch(call -> isLaunch(call.getTarget()));
	}

	private static boolean isLaunch(MethodCallTarget target) {
		return target.getOwner().isAssignableTo(JobOperator.class) && LAUNCHES.contains(target.getName());
	}

	// takes the lock itself (directly or through a method of its class), or every caller
	// does; a lambda runs under the lock of the method that declares it
	private static boolean underLock(JavaCodeUnit unit, Set<JavaCodeUnit> seen) {
		if (!seen.add(unit)) {
			return true;
		}
		if (takesLock(unit, new HashSet<>())) {
			return true;
		}
		if (unit.getName().startsWith("lambda$")) {
			String enclosing = unit.getName().split("\\$")[1];
			return unit.getOwner()
				.getCodeUnits()
				.stream()
				.filter(other -> other.getName().equals(enclosing))
				.allMatch(other -> underLock(other, seen));
		}
		Set<JavaMethodCall> callers = unit.getOwner()
			.getMethodCallsFromSelf()
			.stream()
			.filter(call -> call.getTarget().resolveMember().map(unit::equals).orElse(false))
			.collect(java.util.stream.Collectors.toSet());
		if (callers.isEmpty() || unit.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
			return false;
		}
		return callers.stream().allMatch(call -> underLock(call.getOrigin(), seen));
	}

	private static boolean takesLock(JavaCodeUnit unit, Set<JavaCodeUnit> seen) {
		if (!seen.add(unit)) {
			return false;
		}
		return unit.getMethodCallsFromSelf().stream().anyMatch(call -> {
			MethodCallTarget target = call.getTarget();
			if (target.getOwner().isEquivalentTo(ConnectionLock.class) && target.getName().equals("tryAcquire")) {
				return true;
			}
			return target.getOwner().equals(unit.getOwner()) && !LAUNCHES.contains(target.getName())
					&& target.resolveMember().map(callee -> isLockHelper(callee, seen)).orElse(false);
		});
	}

	// a private helper of the class that returns the held lock, as JobRuns.lock does
	private static boolean isLockHelper(JavaCodeUnit callee, Set<JavaCodeUnit> seen) {
		return callee.getRawReturnType().isEquivalentTo(ConnectionLock.Held.class) && takesLock(callee, seen);
	}

}
