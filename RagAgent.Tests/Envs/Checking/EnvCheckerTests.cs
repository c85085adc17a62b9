using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Checking;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Wrappers;

namespace RagAgent.Tests.Envs.Checking;

public sealed class EnvCheckerTests
{
    [Test]
    public void Check_CartPole_IsValid()
    {
        EnvCheckReport report = EnvChecker.Check(EnvRegistry.CreateDefault().Make("cartpole"));

        Assert.Multiple(() =>
        {
            Assert.That(report.IsValid, Is.True, report.ToString());
            Assert.That(report.Notes, Has.One.Contains("No state with a forbidden action"), "CartPole allows every action");
        });
    }

    [Test]
    public void Check_EveryRegisteredEnv_IsValid()
    {
        EnvRegistry registry = EnvRegistry.CreateDefault();
        foreach (string id in registry.Ids)
        {
            EnvCheckReport report = EnvChecker.Check(registry.Make(id), seed: 1, steps: 500);
            Assert.That(report.IsValid, Is.True, report.ToString());
        }
    }

    [Test]
    public void Check_WrappedCartPole_IsValid()
    {
        var normalize = new NormalizeObservation(EnvRegistry.CreateDefault().Make("cartpole"));
        normalize.Reset(seed: 0);
        for (int t = 0; t < 20; t++)
        {
            normalize.Step(t % 2);
        }

        // Updating statistics make observations depend on history, not only on the seed: freeze them to check.
        normalize.IsFrozen = true;
        var env = new RecordEpisodeStatistics(new ScaleReward(new TimeLimit(normalize, 50), 0.5f));

        EnvCheckReport report = EnvChecker.Check(env, seed: 3, steps: 400);

        Assert.That(report.IsValid, Is.True, report.ToString());
    }

    [Test]
    public void Check_CorrectBrokenEnvBaseline_IsValidAndExercisesForbiddenActions()
    {
        EnvCheckReport report = EnvChecker.Check(new BrokenEnv(Flaw.None));

        Assert.Multiple(() =>
        {
            Assert.That(report.IsValid, Is.True, report.ToString());
            Assert.That(report.Notes, Is.Empty);
        });
    }

    [TestCase(Flaw.InvalidSpec, EnvCheckKind.InvalidSpec, "ExtraActions must be >= 0, got -1")]
    [TestCase(Flaw.WrongGlobalSize, EnvCheckKind.ObservationShape, "Observation.Globals has length 3; expected 2 (the spec's GlobalFeatureSize) (after Reset of episode 0)")]
    [TestCase(Flaw.NaNObservation, EnvCheckKind.NonFiniteValue, "Observation.Globals[1] is NaN; expected a finite number (at step 5")]
    [TestCase(Flaw.NaNReward, EnvCheckKind.NonFiniteValue, "The reward is NaN at step 2")]
    [TestCase(Flaw.TaskIdOutOfRange, EnvCheckKind.TaskIdOutOfRange, "Observation.TaskId is 3; expected an integer in [0, 3) (the spec's NumTasks) (after Reset of episode 0)")]
    [TestCase(Flaw.NodeIdOutOfRange, EnvCheckKind.NodeIdOutOfRange, "Observation.NodeIds[1] is 10; ids of real nodes must lie in [0, 10) (the spec's NodeVocabSize) (after Reset of episode 0)")]
    [TestCase(Flaw.EmptyMaskWhileRunning, EnvCheckKind.EmptyActionMask, "Observation.ActionMask allows no action; at least one action must be allowed while the episode runs (at step 3")]
    [TestCase(Flaw.PaddingActionAllowed, EnvCheckKind.PaddingNodeActionAllowed, "Observation.ActionMask[3] allows action 3, which acts on padding node 3 (NodeMask[3] is false) (after Reset of episode 0)")]
    [TestCase(Flaw.AcceptsForbiddenAction, EnvCheckKind.ForbiddenActionAccepted, "is forbidden by the current action mask")]
    [TestCase(Flaw.WrongExceptionForForbiddenAction, EnvCheckKind.ForbiddenActionWrongException, "threw ArgumentException instead of InvalidActionException")]
    [TestCase(Flaw.IgnoresSeed, EnvCheckKind.NotDeterministic, "Two runs starting with Reset(seed: 0) and taking the same actions differ after Reset of episode 1: the observation differs")]
    [TestCase(Flaw.TruncatesEarly, EnvCheckKind.TruncatedBeforeLimit, "truncated at step 2 of episode")]
    [TestCase(Flaw.NeverTruncates, EnvCheckKind.EpisodeExceedsLimit, "still running at step 20 of episode")]
    [TestCase(Flaw.AcceptsStepAfterDone, EnvCheckKind.StepAfterDoneAccepted, "was accepted after the episode")]
    [TestCase(Flaw.ThrowsOnAllowedAction, EnvCheckKind.UnexpectedException, "threw KeyNotFoundException at step 4")]
    public void Check_EnvWithOneFlaw_ReportsExactlyThatProblem(Flaw flaw, EnvCheckKind expectedKind, string expectedMessage)
    {
        EnvCheckReport report = EnvChecker.Check(new BrokenEnv(flaw));

        Assert.Multiple(() =>
        {
            Assert.That(report.IsValid, Is.False);
            Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { expectedKind }), report.ToString());
            Assert.That(report.Problems[0].Message, Does.Contain(expectedMessage));
            Assert.That(report.ToString(), Does.Contain(expectedMessage));
        });
    }

    [Test]
    public void Check_NormalizeObservationStillLearning_IsReportedNotDeterministic()
    {
        EnvCheckReport report = EnvChecker.Check(new NormalizeObservation(EnvRegistry.CreateDefault().Make("cartpole")), steps: 200);

        Assert.That(report.Problems.Select(p => p.Kind), Is.EqualTo(new[] { EnvCheckKind.NotDeterministic }));
    }

    [Test]
    public void Check_ValidEnv_SendsForbiddenActionsOnlyInTheThreeRejectionChecks()
    {
        var env = new RejectionCounter(new BrokenEnv(Flaw.None));

        EnvCheckReport report = EnvChecker.Check(env, seed: 2, steps: 300);

        // Out of range above, out of range below, and one forbidden by the mask; the rollouts sample only allowed actions.
        Assert.Multiple(() =>
        {
            Assert.That(report.IsValid, Is.True, report.ToString());
            Assert.That(env.RejectedActions, Is.EqualTo(new[] { 9, -1, env.FirstForbiddenSeen }));
        });
    }

    [Test]
    public void ThrowIfInvalid_BrokenEnv_ThrowsListingTheProblem()
    {
        EnvCheckReport report = EnvChecker.Check(new BrokenEnv(Flaw.NaNReward));

        Assert.That(report.ThrowIfInvalid, Throws.InvalidOperationException.With.Message.Contains("NonFiniteValue"));
    }

    /// <summary>Records every action the wrapped env rejected with <see cref="InvalidActionException"/>.</summary>
    private sealed class RejectionCounter(IEnv inner) : IEnv
    {
        private Observation? _last;

        public List<int> RejectedActions { get; } = [];

        public int FirstForbiddenSeen { get; private set; } = -100;

        public EnvSpec Spec => inner.Spec;

        public ResetResult Reset(int? seed = null)
        {
            ResetResult reset = inner.Reset(seed);
            _last = reset.Observation;
            return reset;
        }

        public StepResult Step(int action)
        {
            try
            {
                StepResult step = inner.Step(action);
                _last = step.Observation;
                return step;
            }
            catch (InvalidActionException)
            {
                if ((uint)action < (uint)Spec.NumActions && FirstForbiddenSeen == -100)
                {
                    FirstForbiddenSeen = Array.IndexOf(_last!.ActionMask, false);
                }

                RejectedActions.Add(action);
                throw;
            }
        }
    }
}
