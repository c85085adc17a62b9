using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Checking;

/// <summary>
/// Checks that an env keeps the <see cref="IEnv"/> contract, as Gymnasium's <c>check_env</c>: run it on your own
/// env before training. Every problem comes with a readable message naming the field, the values and where it
/// happened.
/// </summary>
/// <remarks>
/// What is checked:
/// <list type="bullet">
/// <item>the spec is valid (<see cref="EnvSpec.Validate"/>);</item>
/// <item>every observation passes <see cref="EnvSpec.FindObservationProblems"/>: the spec's sizes, finite values inside
/// the declared bounds, a task id in range, real-node ids in range, an action mask that allows some action while the
/// episode runs and no action on a padding node; every reward is finite;</item>
/// <item>every info: success only when the spec's <c>HasSuccess</c> is true, and <c>EnvInfo.Values</c> laid out by
/// the spec's <c>InfoKeys</c> with finite values;</item>
/// <item>a random rollout of <c>steps</c> steps that samples ONLY allowed actions;</item>
/// <item>determinism: a second run with the same seed and the same action sampler gives bit-identical observations,
/// rewards and flags (episodes after the first start with <c>Reset()</c> without a seed, so the env's own stream
/// must continue deterministically too);</item>
/// <item>terminated vs truncated: when the spec sets <c>MaxEpisodeSteps</c>, truncation happens exactly at that
/// step and no episode runs past it; <c>Step</c> after an episode ended throws <see cref="InvalidOperationException"/>;</item>
/// <item>separately, actions outside the action space and an action forbidden by the mask are each rejected with
/// <see cref="InvalidActionException"/>.</item>
/// </list>
/// The env is left in an arbitrary state: reset it before use.
/// </remarks>
public static class EnvChecker
{
    /// <summary>Checks <paramref name="env"/> and returns every problem found (at most one per kind).</summary>
    /// <param name="env">The env to check.</param>
    /// <param name="seed">Seed of the resets and of the action sampler.</param>
    /// <param name="steps">Steps of each rollout (at least 1).</param>
    public static EnvCheckReport Check(IEnv env, int seed = 0, int steps = 1000)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var problems = new ProblemCollector();
        var notes = new List<string>();
        EnvSpec? spec = ReadSpec(env, problems);
        if (spec is null)
        {
            return new EnvCheckReport(SafeId(env), problems.Problems, notes);
        }

        Rollout first = Rollout.Run(env, spec, seed, steps, problems);
        if (first.ShapeBroken)
        {
            notes.Add("Observation sizes differ from the spec, so the remaining checks were skipped.");
            return new EnvCheckReport(spec.Id, problems.Problems, notes);
        }

        Rollout second = Rollout.Run(env, spec, seed, steps, new ProblemCollector());
        CompareTraces(first.Trace, second.Trace, seed, problems);
        CheckRejected(env, spec, seed, spec.NumActions, "outside the action space", problems);
        CheckRejected(env, spec, seed, -1, "outside the action space", problems);
        if (!CheckForbiddenActionRejected(env, spec, seed, steps, problems))
        {
            notes.Add($"No state with a forbidden action was reached in {steps} steps, so only out-of-range actions were checked for rejection.");
        }

        return new EnvCheckReport(spec.Id, problems.Problems, notes);
    }

    private static EnvSpec? ReadSpec(IEnv env, ProblemCollector problems)
    {
        try
        {
            EnvSpec? spec = env.Spec;
            if (spec is null)
            {
                problems.Add(EnvCheckKind.InvalidSpec, "IEnv.Spec is null.");
                return null;
            }

            spec.Validate();
            return spec;
        }
        catch (ArgumentException error)
        {
            problems.Add(EnvCheckKind.InvalidSpec, $"The spec is invalid: {error.Message}");
            return null;
        }
    }

    private static string SafeId(IEnv env)
    {
        try
        {
            return env.Spec?.Id ?? "?";
        }
        catch (ArgumentException)
        {
            return "?";
        }
    }

    private static void CompareTraces(List<TraceEntry> first, List<TraceEntry> second, int seed, ProblemCollector problems)
    {
        int common = Math.Min(first.Count, second.Count);
        for (int i = 0; i < common; i++)
        {
            string? difference = first[i].Difference(second[i]);
            if (difference is not null)
            {
                problems.Add(EnvCheckKind.NotDeterministic,
                    $"Two runs starting with Reset(seed: {seed}) and taking the same actions differ {first[i].Where}: {difference}. "
                    + "The same seed must give the same episode; draw all randomness from a generator seeded in Reset.");
                return;
            }
        }

        if (first.Count != second.Count)
        {
            problems.Add(EnvCheckKind.NotDeterministic,
                $"Two runs starting with Reset(seed: {seed}) and taking the same actions have different lengths ({first.Count} vs {second.Count} entries).");
        }
    }

    private static void CheckRejected(IEnv env, EnvSpec spec, int seed, int action, string reason, ProblemCollector problems)
    {
        try
        {
            env.Reset(seed);
        }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
        catch (Exception error)
#pragma warning restore CA1031
        {
            problems.Add(EnvCheckKind.UnexpectedException, $"Reset(seed: {seed}) threw {error.GetType().Name}: {error.Message}");
            return;
        }

        TryStepExpectingRejection(env, spec, action, reason, problems);
    }

    private static bool CheckForbiddenActionRejected(IEnv env, EnvSpec spec, int seed, int steps, ProblemCollector problems)
    {
        var random = new EnvRandom(seed);
        try
        {
            Observation observation = env.Reset(seed).Observation;
            for (int t = 0; t < steps; t++)
            {
                int forbidden = Array.IndexOf(observation.ActionMask, false);
                if (forbidden >= 0)
                {
                    TryStepExpectingRejection(env, spec, forbidden, "forbidden by the current action mask", problems);
                    return true;
                }

                int action = Rollout.SampleAllowed(observation.ActionMask, random);
                if (action < 0)
                {
                    return false;
                }

                StepResult step = env.Step(action);
                observation = step.Done ? env.Reset().Observation : step.Observation;
            }
        }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
        catch (Exception error)
#pragma warning restore CA1031
        {
            problems.Add(EnvCheckKind.UnexpectedException,
                $"While searching for a state with a forbidden action, the env threw {error.GetType().Name}: {error.Message}");
            return true;
        }

        return false;
    }

    private static void TryStepExpectingRejection(IEnv env, EnvSpec spec, int action, string reason, ProblemCollector problems)
    {
        try
        {
            env.Step(action);
            problems.Add(EnvCheckKind.ForbiddenActionAccepted,
                $"Step({action}) was accepted, but action {action} is {reason} (NumActions = {spec.NumActions}); "
                + "an env must throw InvalidActionException (see StepGuard.ThrowIfCannotStep).");
        }
        catch (InvalidActionException)
        {
            // The expected rejection.
        }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
        catch (Exception error)
#pragma warning restore CA1031
        {
            problems.Add(EnvCheckKind.ForbiddenActionWrongException,
                $"Step({action}), an action {reason}, threw {error.GetType().Name} instead of InvalidActionException: {error.Message}");
        }
    }
}
