using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Envs.Checking;

/// <summary>
/// One checker rollout: <c>Reset(seed)</c>, then steps with uniformly sampled allowed actions, resetting without a
/// seed after each episode; checks every observation and the episode-end semantics and records a trace.
/// </summary>
internal sealed class Rollout
{
    private readonly IEnv _env;
    private readonly EnvSpec _spec;
    private readonly ProblemCollector _problems;
    private bool _checkedStepAfterDone;

    private Rollout(IEnv env, EnvSpec spec, ProblemCollector problems)
    {
        _env = env;
        _spec = spec;
        _problems = problems;
    }

    public List<TraceEntry> Trace { get; } = [];

    public bool ShapeBroken { get; private set; }

    public static Rollout Run(IEnv env, EnvSpec spec, int seed, int steps, ProblemCollector problems)
    {
        var rollout = new Rollout(env, spec, problems);
        rollout.Run(seed, steps);
        return rollout;
    }

    /// <summary>A uniformly drawn allowed action, or −1 when the mask allows none.</summary>
    public static int SampleAllowed(bool[] actionMask, EnvRandom random)
    {
        int allowed = 0;
        foreach (bool a in actionMask)
        {
            allowed += a ? 1 : 0;
        }

        if (allowed == 0)
        {
            return -1;
        }

        int k = random.NextInt(allowed);
        for (int action = 0; ; action++)
        {
            if (actionMask[action] && k-- == 0)
            {
                return action;
            }
        }
    }

    private void Run(int seed, int steps)
    {
        var random = new EnvRandom(seed);
        int episode = 0;
        int length = 0;
        Observation? observation = Reset(seed, new CheckPoint(episode, 0));
        for (int t = 0; t < steps && observation is not null; t++)
        {
            int action = SampleAllowed(observation.ActionMask, random);
            if (action < 0)
            {
                return;
            }

            StepResult step;
            try
            {
                step = _env.Step(action);
            }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
            catch (Exception error)
#pragma warning restore CA1031
            {
                _problems.Add(EnvCheckKind.UnexpectedException,
                    $"Step({action}) threw {error.GetType().Name} {new CheckPoint(episode, length + 1)}, though the action was allowed: {error.Message}");
                return;
            }

            length++;
            var where = new CheckPoint(episode, length);
            if (!ObservationChecks.Check(step.Observation, _spec, where, step.Done, _problems))
            {
                ShapeBroken = true;
                return;
            }

            InfoChecks.Check(step.Info, _spec, where, _problems);
            if (!float.IsFinite(step.Reward))
            {
                _problems.Add(EnvCheckKind.NonFiniteValue, $"The reward is {step.Reward} {where}; rewards must be finite.");
            }

            Trace.Add(TraceEntry.FromStep(where, action, step));
            CheckEpisodeLimit(step, where);
            if (step.Done)
            {
                CheckStepAfterDone(step, where);
                episode++;
                length = 0;
                observation = Reset(null, new CheckPoint(episode, 0));
            }
            else
            {
                observation = step.Observation;
            }
        }
    }

    private Observation? Reset(int? seed, CheckPoint where)
    {
        ResetResult reset;
        try
        {
            reset = _env.Reset(seed);
        }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
        catch (Exception error)
#pragma warning restore CA1031
        {
            string call = seed is int s ? $"Reset(seed: {s})" : "Reset()";
            _problems.Add(EnvCheckKind.UnexpectedException, $"{call} threw {error.GetType().Name} for episode {where.Episode}: {error.Message}");
            return null;
        }

        Observation observation = reset.Observation;
        InfoChecks.Check(reset.Info, _spec, where, _problems);
        if (!ObservationChecks.Check(observation, _spec, where, done: false, _problems))
        {
            ShapeBroken = true;
            return null;
        }

        Trace.Add(TraceEntry.FromReset(where, reset));
        return observation;
    }

    private void CheckEpisodeLimit(StepResult step, CheckPoint where)
    {
        if (_spec.MaxEpisodeSteps is not int limit)
        {
            return;
        }

        if (step.Truncated && !step.Terminated && where.Step != limit)
        {
            _problems.Add(EnvCheckKind.TruncatedBeforeLimit,
                $"The episode was truncated {where}, but the spec's MaxEpisodeSteps is {limit}; truncate only at the step limit "
                + "(or leave MaxEpisodeSteps null) and end episodes for other reasons with Terminated.");
        }

        if (!step.Done && where.Step >= limit)
        {
            _problems.Add(EnvCheckKind.EpisodeExceedsLimit,
                $"The episode was still running {where}, but the spec's MaxEpisodeSteps is {limit}; the step that reaches the limit must return Truncated = true.");
        }
    }

    private void CheckStepAfterDone(StepResult step, CheckPoint where)
    {
        if (_checkedStepAfterDone)
        {
            return;
        }

        _checkedStepAfterDone = true;
        int action = Math.Max(Array.IndexOf(step.Observation.ActionMask, true), 0);
        string ended = step.Terminated ? "terminated" : "was truncated";
        try
        {
            _env.Step(action);
            _problems.Add(EnvCheckKind.StepAfterDoneAccepted,
                $"Step({action}) was accepted after the episode {ended} {where}; Step must throw InvalidOperationException until Reset is called.");
        }
        catch (InvalidOperationException)
        {
            // The expected rejection.
        }
#pragma warning disable CA1031 // Any exception from user code is a finding to report, not a crash of the checker.
        catch (Exception error)
#pragma warning restore CA1031
        {
            _problems.Add(EnvCheckKind.UnexpectedException,
                $"Step({action}) after the episode {ended} {where} threw {error.GetType().Name}; expected InvalidOperationException.");
        }
    }
}
