using RagAgent.Core.Algorithms.Distillation;
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Distributions;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;
using RagAgent.Envs.Vector;

namespace RagAgent.Tests.Algorithms.Distillation;

/// <summary>A PPO CartPole teacher (64-64) distilled into a 16-16 student that is written as a checkpoint.</summary>
public sealed class DistillerCartPoleTests
{
    private static readonly EnvRegistry Registry = EnvRegistry.CreateDefault();

    private static IActorCritic TrainTeacher()
    {
        PpoOptions options = PpoPresets.CartPoleZoo with { StatsWindowSize = 20 };
        IVectorEnv envs = Registry.MakeVector("cartpole", options.NumEnvs);
        IActorCritic policy = PolicyFactory.Create(envs.Spec, new PolicyOptions { Architecture = PolicyArchitecture.Mlp }, seed: 0);
        var trainer = new PpoTrainer(policy, envs, options, seed: 0);
        trainer.Learn(60_000, [new StopOnMeanReturnCallback(400f, minEpisodes: 20)]);
        envs.Dispose();
        return policy;
    }

    private static EvaluationResult Evaluate(IActorCritic policy) =>
        new Evaluator(policy).Evaluate(Registry.Make("cartpole"), episodes: 10, deterministic: true, seed: 10_000);

    /// <summary>Greedy action agreement on the states the teacher visits in its own greedy episodes.</summary>
    private static double Agreement(IActorCritic teacher, IActorCritic student)
    {
        IEnv env = Registry.Make("cartpole");
        var batch = new ObservationBatch(env.Spec, 1);
        int numActions = env.Spec.NumActions;
        float[] teacherLogits = new float[numActions];
        float[] studentLogits = new float[numActions];
        float[] value = new float[1];
        int same = 0;
        int total = 0;
        for (int episode = 0; episode < 5; episode++)
        {
            Observation observation = env.Reset(20_000 + episode).Observation;
            bool done = false;
            while (!done)
            {
                batch.Write(0, observation);
                teacher.Forward(batch, 1, teacherLogits, value);
                student.Forward(batch, 1, studentLogits, value);
                int action = MaskedCategorical.Mode(teacherLogits, batch.ActionMask(0));
                same += action == MaskedCategorical.Mode(studentLogits, batch.ActionMask(0)) ? 1 : 0;
                total++;
                StepResult step = env.Step(action);
                observation = step.Observation;
                done = step.Terminated || step.Truncated;
            }
        }

        return (double)same / total;
    }

    [Test]
    [Category(TestCategories.Learning)]
    public void Distil_TrainedCartPoleTeacher_StudentAgreesAndItsCheckpointLoadsAndEvaluates()
    {
        IActorCritic teacher = TrainTeacher();
        EvaluationResult teacherResult = Evaluate(teacher);
        Assert.That(teacherResult.MeanReturn, Is.GreaterThan(300), "the teacher must be good for the comparison to mean anything");

        IActorCritic student = PolicyFactory.Create(teacher.Spec, teacher.Options with { HiddenSizes = [16, 16] }, seed: 1);
        Assert.That(Agreement(teacher, student), Is.LessThan(0.9), "an untrained student does not already agree");
        var options = new DistillationOptions();
        using IVectorEnv envs = Registry.MakeVector("cartpole", options.NumEnvs);
        DistillationProgress last = new Distiller(teacher, student, options, seed: 3).Run(envs, 20_000);

        double agreement = Agreement(teacher, student);
        EvaluationResult studentResult = Evaluate(student);
        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.95), $"KL {last.Kl}, round agreement {last.Agreement}");
        Assert.That(studentResult.MeanReturn, Is.GreaterThanOrEqualTo(0.9 * teacherResult.MeanReturn), $"teacher {teacherResult.MeanReturn}");

        TestContext.Out.WriteLine($"teacher {teacherResult.MeanReturn}, student {studentResult.MeanReturn}, agreement {agreement:F4}, KL {last.Kl}");
        string path = Path.Combine(Path.GetTempPath(), $"distilled-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointFile.Save(path, new CheckpointContent(new CheckpointManifest { Policy = student.Options, Spec = student.Spec, TrainingSteps = last.Steps }, student.ExportWeights()));
            IActorCritic loaded = PolicyFactory.FromCheckpoint(CheckpointFile.Load(path));
            Assert.That(loaded.Options.HiddenSizes, Is.EqualTo(new[] { 16, 16 }));
            Assert.That(Evaluate(loaded).MeanReturn, Is.EqualTo(studentResult.MeanReturn));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Run_VectorEnvWithOtherNumberOfCopies_ThrowsNamingNumEnvs()
    {
        using IVectorEnv envs = Registry.MakeVector("cartpole", 3);
        IActorCritic teacher = PolicyFactory.Create(envs.Spec, new PolicyOptions(), seed: 0);
        IActorCritic student = PolicyFactory.Create(envs.Spec, new PolicyOptions { HiddenSizes = [8] }, seed: 1);
        var distiller = new Distiller(teacher, student, new DistillationOptions { NumEnvs = 2 }, seed: 0);

        Assert.That(() => distiller.Run(envs, 100), Throws.ArgumentException.With.Message.Contains("NumEnvs is 2"));
    }
}
