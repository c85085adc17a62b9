using RagAgent.Envs.Abstractions;

namespace RagAgent.Tests.Envs.Abstractions;

public sealed class ObservationValidationTests
{
    // 3 nodes with ids and 2 features each, 2 choices per node and one extra action: 7 actions.
    private static readonly EnvSpec Spec = new()
    {
        Id = "val", NumTasks = 4, GoalFeatureSize = 3, MaxNodes = 3, NodeVocabSize = 5, NodeFeatureSize = 2,
        GlobalFeatureSize = 2, ActionsPerNode = 2, ExtraActions = 1,
        GoalFeatureBounds = FeatureBounds.UnitInterval, NodeFeatureBounds = FeatureBounds.SignedUnitInterval,
    };

    private static Observation Valid()
    {
        var o = new Observation(Spec) { TaskId = 3 };
        o.GoalFeatures[1] = 1f;
        o.NodeIds[0] = 4;
        o.NodeFeatures[1] = -1f;
        o.Globals[0] = 1e6f; // globals are unbounded in this spec
        return o;
    }

    private static ObservationProblem Single(Observation o, bool episodeEnded = false)
    {
        IReadOnlyList<ObservationProblem> problems = Spec.FindObservationProblems(o, episodeEnded);
        Assert.That(problems, Has.Count.EqualTo(1), string.Join("; ", problems));
        return problems[0];
    }

    [Test]
    public void FindObservationProblems_ValidObservation_NoneAndNoAllocation()
    {
        Observation o = Valid();
        Assert.That(Spec.FindObservationProblems(o), Is.Empty);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = Spec.FindObservationProblems(o).Count;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(count, Is.Zero);
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void FindObservationProblems_HugeGoalFeatureInsideDeclaredBounds_NamesFieldIndexAndBounds()
    {
        Observation o = Valid();
        o.GoalFeatures[2] = 1099511627776f; // 2^40

        ObservationProblem p = Single(o);
        Assert.That(p.Kind, Is.EqualTo(ObservationProblemKind.OutOfBounds));
        Assert.That(p.Part, Is.EqualTo(ObservationPart.GoalFeatures));
        Assert.That(p.Index, Is.EqualTo(2));
        Assert.That(p.ToString(), Is.EqualTo("Observation.GoalFeatures[2] is 1.0995116E+12; expected a value in [0, 1] (the spec's GoalFeatureBounds)"));
    }

    [Test]
    public void FindObservationProblems_UndeclaredBounds_HugeValueAccepted()
    {
        Observation o = Valid();
        o.Globals[1] = 1099511627776f;
        Assert.That(Spec.FindObservationProblems(o), Is.Empty);
    }

    [Test]
    public void FindObservationProblems_NodeFeatureOutOfBounds_OnlyRealNodesAndNamesNodeAndFeature()
    {
        Observation o = Valid();
        o.NodeMask[2] = false;
        o.ActionMask[4] = false;
        o.ActionMask[5] = false;
        o.NodeFeatures[5] = 7f; // node 2 is padding: not checked against bounds
        Assert.That(Spec.FindObservationProblems(o), Is.Empty);

        o.NodeFeatures[3] = -2f; // node 1, feature 1
        ObservationProblem p = Single(o);
        Assert.That((p.Kind, p.Part, p.Index), Is.EqualTo((ObservationProblemKind.OutOfBounds, ObservationPart.NodeFeatures, 3)));
        Assert.That(p.Detail, Does.StartWith("(node 1, feature 1) is -2;").And.Contain("[-1, 1]"));
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void FindObservationProblems_NonFiniteGlobal_NamesIndex(float value)
    {
        Observation o = Valid();
        o.Globals[1] = value;
        ObservationProblem p = Single(o);
        Assert.That((p.Kind, p.Field), Is.EqualTo((ObservationProblemKind.NonFiniteValue, "Globals[1]")));
        Assert.That(p.Detail, Does.EndWith("expected a finite number"));
    }

    [Test]
    public void FindObservationProblems_TaskAndNodeIdsOutOfRange_ReportsBoth()
    {
        Observation o = Valid();
        o.TaskId = 4;
        o.NodeIds[1] = 5;
        IReadOnlyList<ObservationProblem> problems = Spec.FindObservationProblems(o);

        Assert.That(problems.Select(p => p.Kind), Is.EquivalentTo(new[] { ObservationProblemKind.TaskIdOutOfRange, ObservationProblemKind.NodeIdOutOfRange }));
        Assert.That(problems.Select(p => p.ToString()), Has.Some.EqualTo("Observation.TaskId is 4; expected an integer in [0, 4) (the spec's NumTasks)"));
        Assert.That(problems.Select(p => p.Field), Has.Some.EqualTo("NodeIds[1]"));
    }

    [Test]
    public void FindObservationProblems_EmptyActionMask_AllowedOnlyWhenTheEpisodeEnded()
    {
        Observation o = Valid();
        Array.Fill(o.ActionMask, false);

        Assert.That(Single(o).Kind, Is.EqualTo(ObservationProblemKind.EmptyActionMask));
        Assert.That(Spec.FindObservationProblems(o, episodeEnded: true), Is.Empty);
    }

    [Test]
    public void FindObservationProblems_ActionOnPaddingNode_NamesTheAction()
    {
        Observation o = Valid();
        o.NodeMask[1] = false; // actions 2 and 3 act on node 1
        ObservationProblem p = Single(o);
        Assert.That((p.Kind, p.Field), Is.EqualTo((ObservationProblemKind.PaddingNodeActionAllowed, "ActionMask[2]")));
    }

    [Test]
    public void FindObservationProblems_WrongLength_ReportsOnlyTheShape()
    {
        var other = new Observation(Spec with { GlobalFeatureSize = 5 });
        other.Globals[4] = float.NaN;
        ObservationProblem p = Single(other);
        Assert.That(p.ToString(), Is.EqualTo("Observation.Globals has length 5; expected 2 (the spec's GlobalFeatureSize)"));
    }

    [Test]
    public void ValidateObservation_Invalid_ThrowsNamingFirstProblemAndCount()
    {
        Observation o = Valid();
        o.GoalFeatures[0] = -3f;
        o.TaskId = -1;
        var e = Assert.Throws<ArgumentException>(() => Spec.ValidateObservation(o, "obs"));
        Assert.That(e!.ParamName, Is.EqualTo("obs"));
        Assert.That(e.Message, Does.Contain("Observation for env 'val': Observation.TaskId is -1").And.Contain("(1 more problem(s))"));
    }
}
