using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;
using RagAgent.Envs.Retrieval;

namespace RagAgent.Tests.Envs.Retrieval;

public sealed class RetrievalEnvTests
{
    private static int[] RelevantDocuments(RetrievalEnv env) =>
        Enumerable.Range(0, env.Corpus.NumDocuments).Where(d => env.Corpus.IsRelevant(env.QueryId, d)).ToArray();

    private static int[] IrrelevantDocuments(RetrievalEnv env) =>
        Enumerable.Range(0, env.Corpus.NumDocuments).Where(d => !env.Corpus.IsRelevant(env.QueryId, d)).ToArray();

    [Test]
    public void Generate_Corpus_UnitEmbeddingsEveryTopicCoveredRelevantMoreSimilar()
    {
        var options = new RetrievalOptions();
        var corpus = RetrievalCorpus.Generate(options, new EnvRandom(0));
        for (int d = 0; d < corpus.NumDocuments; d++)
        {
            float norm = 0f;
            foreach (float v in corpus.Document(d))
            {
                norm += v * v;
            }

            Assert.That(norm, Is.EqualTo(1f).Within(1e-4f));
        }

        Assert.That(Enumerable.Range(0, options.NumTopics).All(t => Enumerable.Range(0, corpus.NumDocuments).Any(d => corpus.DocumentTopic(d) == t)));
        double relevant = 0, irrelevant = 0;
        int relevantCount = 0, irrelevantCount = 0;
        for (int q = 0; q < corpus.NumQueries; q++)
        {
            Assert.That(corpus.RelevantCount(q), Is.GreaterThanOrEqualTo(1));
            for (int d = 0; d < corpus.NumDocuments; d++)
            {
                if (corpus.IsRelevant(q, d))
                {
                    relevant += corpus.Similarity(q, d);
                    relevantCount++;
                }
                else
                {
                    irrelevant += corpus.Similarity(q, d);
                    irrelevantCount++;
                }
            }
        }

        Assert.That(relevant / relevantCount, Is.GreaterThan(0.6));
        Assert.That(irrelevant / irrelevantCount, Is.LessThan(0.2));
    }

    [Test]
    public void Reset_SameSeed_SameQueryAndObservation()
    {
        var env = new RetrievalEnv();
        Observation first = env.Reset(3).Observation.Clone();
        env.Reset(4);
        Observation again = env.Reset(3).Observation;
        Assert.That(again.TaskId, Is.EqualTo(first.TaskId));
        Assert.That(again.GoalFeatures, Is.EqualTo(first.GoalFeatures));
        Assert.That(again.NodeFeatures, Is.EqualTo(first.NodeFeatures));
        Assert.That(again.Globals, Is.EqualTo(new[] { 1f, 0f }));
    }

    [Test]
    public void Step_RelevantThenIrrelevant_RewardsMaskAndFlags()
    {
        var env = new RetrievalEnv();
        env.Reset(0);
        int relevant = RelevantDocuments(env)[0];
        int irrelevant = IrrelevantDocuments(env)[0];
        StepResult step = env.Step(relevant);
        Assert.That(step.Reward, Is.EqualTo(1f));
        Assert.That(step.Observation.ActionMask[relevant], Is.False);
        Assert.That(step.Observation.NodeFeatures[(relevant * env.Spec.NodeFeatureSize) + env.RetrievedFeature], Is.EqualTo(1f));
        Assert.That(step.Observation.NodeFeatures[(relevant * env.Spec.NodeFeatureSize) + env.JudgedRelevantFeature], Is.EqualTo(1f));
        step = env.Step(irrelevant);
        Assert.That(step.Reward, Is.EqualTo(-0.2f));
        Assert.That(step.Observation.NodeFeatures[(irrelevant * env.Spec.NodeFeatureSize) + env.JudgedRelevantFeature], Is.EqualTo(0f));
        Assert.That(step.Observation.Globals, Is.EqualTo(new[] { 6f / 8f, 1f / 8f }));
        Assert.Throws<InvalidActionException>(() => env.Step(relevant));
    }

    [Test]
    public void Step_JudgedDocuments_FeedbackIsHighestSimilarityPerJudgementAndResetClears()
    {
        var env = new RetrievalEnv();
        env.Reset(3);
        int[] relevant = RelevantDocuments(env);
        int irrelevant = IrrelevantDocuments(env)[0];
        Assume.That(relevant.Length, Is.GreaterThanOrEqualTo(2));
        int width = env.Spec.NodeFeatureSize;
        env.Step(relevant[0]);
        env.Step(irrelevant);
        Observation o = env.Step(relevant[1]).Observation;
        for (int i = 0; i < env.Corpus.NumDocuments; i++)
        {
            float positive = MathF.Max(0f, MathF.Max(env.Corpus.DocumentSimilarity(relevant[0], i), env.Corpus.DocumentSimilarity(relevant[1], i)));
            Assert.That(o.NodeFeatures[(i * width) + env.RelevantFeedbackFeature], Is.EqualTo(positive), $"document {i}");
            Assert.That(o.NodeFeatures[(i * width) + env.IrrelevantFeedbackFeature], Is.EqualTo(MathF.Max(0f, env.Corpus.DocumentSimilarity(irrelevant, i))), $"document {i}");
        }

        o = env.Reset(3).Observation;
        for (int i = 0; i < env.Corpus.NumDocuments; i++)
        {
            Assert.That(o.NodeFeatures[(i * width) + env.RelevantFeedbackFeature], Is.Zero);
            Assert.That(o.NodeFeatures[(i * width) + env.IrrelevantFeedbackFeature], Is.Zero);
        }
    }

    [Test]
    public void Step_StopAfterCoveringAll_BonusTerminatedSuccess()
    {
        var env = new RetrievalEnv();
        env.Reset(1);
        int[] relevant = RelevantDocuments(env);
        Assume.That(relevant.Length, Is.LessThan(env.Options.Budget));
        float total = 0f;
        foreach (int d in relevant)
        {
            StepResult s = env.Step(d);
            total += s.Reward;
            Assert.That(s.Done, Is.False);
        }

        StepResult stop = env.Step(env.StopAction);
        Assert.That(stop.Reward, Is.EqualTo(0.5f));
        Assert.That(total + stop.Reward, Is.EqualTo(relevant.Length + 0.5f));
        Assert.That(stop.Terminated, Is.True);
        Assert.That(stop.Info.IsSuccess, Is.True);
    }

    [Test]
    public void Step_StopEarly_NoBonusNoSuccess()
    {
        var env = new RetrievalEnv();
        env.Reset(2);
        StepResult stop = env.Step(env.StopAction);
        Assert.That(stop.Reward, Is.Zero);
        Assert.That(stop.Terminated, Is.True);
        Assert.That(stop.Info.IsSuccess, Is.False);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
    }

    [Test]
    public void Step_BudgetUsedUp_Terminates()
    {
        var env = new RetrievalEnv(new RetrievalOptions { Budget = 3 });
        env.Reset(5);
        int[] irrelevant = IrrelevantDocuments(env);
        Assert.That(env.Step(irrelevant[0]).Done, Is.False);
        Assert.That(env.Step(irrelevant[1]).Done, Is.False);
        StepResult last = env.Step(irrelevant[2]);
        Assert.That(last.Terminated, Is.True);
        Assert.That(last.Truncated, Is.False);
        Assert.That(last.Info.IsSuccess, Is.False);
        Assert.That(last.Observation.Globals[0], Is.Zero);
    }

    [Test]
    public void Step_StepLimitBelowBudget_Truncates()
    {
        var env = new RetrievalEnv(new RetrievalOptions { MaxEpisodeSteps = 2 });
        env.Reset(5);
        int[] irrelevant = IrrelevantDocuments(env);
        env.Step(irrelevant[0]);
        StepResult last = env.Step(irrelevant[1]);
        Assert.That(last.Truncated, Is.True);
        Assert.That(last.Terminated, Is.False);
        Assert.That(env.Spec.MaxEpisodeSteps, Is.EqualTo(2));
    }

    [Test]
    public void Reset_GoalSplits_SampleOnlyTheirQueries()
    {
        var train = new RetrievalEnv();
        var heldOut = new RetrievalEnv(new RetrievalOptions { Goals = GoalSplit.HeldOut });
        Assert.That(train.Goals.HeldOutGoals.Length, Is.EqualTo(64));
        for (int seed = 0; seed < 300; seed++)
        {
            train.Reset(seed);
            heldOut.Reset(seed);
            Assert.That(train.Goals.IsHeldOut(train.QueryId), Is.False);
            Assert.That(heldOut.Goals.IsHeldOut(heldOut.QueryId), Is.True);
        }
    }

    [Test]
    public void Step_RandomPlay_MaskNeverEmptyAndNoAllocation()
    {
        var env = new RetrievalEnv();
        EnvTestKit.AssertMaskNeverEmpty(env, 2000);
        Assert.That(EnvTestKit.AllocatedBytesOverRandomSteps(env, 2000), Is.Zero);
    }

    [Test]
    public void Validate_BadField_IsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => new RetrievalEnv(new RetrievalOptions { NumTopics = 40 }));
        Assert.That(e!.ParamName, Is.EqualTo("NumTopics"));
        e = Assert.Throws<ArgumentException>(() => new RetrievalEnv(new RetrievalOptions { Budget = 0 }));
        Assert.That(e!.ParamName, Is.EqualTo("Budget"));
    }
}
