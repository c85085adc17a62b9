// A user's program that references only the packed RagAgent packages.
using RagAgent.Core.Algorithms.Ppo;
using RagAgent.Core.Policies;
using RagAgent.Core.Policies.Managed;
using RagAgent.Core.Tensors;
using RagAgent.Core.Training;
using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Evaluation;
using RagAgent.Envs.Registry;

var spec = new EnvSpec { Id = "consumer", GlobalFeatureSize = 4, ExtraActions = 2 };
var observation = new Observation(spec);
using var stream = new MemoryStream();
SafeTensors.Write(stream, [new NamedTensor("w", [2], [1f, 2f])]);
stream.Position = 0;
SafeTensorsContent read = SafeTensors.Read(stream);
if (read.Tensors[0].ToFloat32()[1] != 2f || read.Tensors[0].DType != TensorDType.F32 || observation.ActionMask.Length != 2)
{
    Console.Error.WriteLine("package consumer: unexpected result");
    return 1;
}

// Build the default (mlp) policy, run one forward/backward pass and one optimizer step on a small batch.
const int count = 3;
IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions(), seed: 1);
IPolicyOptimizer optimizer = policy.CreateOptimizer(new OptimizerOptions());
var batch = new ObservationBatch(spec, count);
for (int row = 0; row < count; row++)
{
    observation.Globals[0] = 0.1f * row;
    observation.Globals[3] = -0.2f * row;
    batch.Write(row, observation);
}

var logits = new float[count * spec.NumActions];
var values = new float[count];
optimizer.ZeroGrad();
policy.Forward(batch, count, logits, values);
float[] logitGradients = logits.Select(l => 0.1f * l + 0.05f).ToArray();
float[] valueGradients = values.Select(v => v - 1f).ToArray();
policy.Backward(logitGradients, valueGradients);
float gradNorm = optimizer.ClipGradNorm(0.5f);
float before = policy.ExportWeights()[0].Data[0];
optimizer.Step(2.5e-4f);
float after = policy.ExportWeights()[0].Data[0];
policy.Forward(batch, count, logits, values);

bool finite = logits.All(float.IsFinite) && values.All(float.IsFinite) && float.IsFinite(gradNorm) && float.IsFinite(after);
if (policy.Options.Architecture != PolicyArchitecture.Mlp || !finite || !(gradNorm > 0f) || before == after)
{
    Console.Error.WriteLine(
        $"package consumer: policy check failed (architecture {policy.Options.Architecture}, grad norm {gradNorm}, weight {before} -> {after}, "
        + $"logits [{string.Join(", ", logits)}], values [{string.Join(", ", values)}])");
    return 1;
}

Console.WriteLine($"package consumer: ok (mlp policy: grad norm {gradNorm:G4}, values [{string.Join(", ", values.Select(v => v.ToString("G4")))}])");

// A few PPO updates on graph-nav with the task-node policy, a checkpoint reloaded, an evaluation (pack-check also
// compiles the README's tour itself).
var registry = EnvRegistry.CreateDefault();
var ppo = new PpoOptions { NumSteps = 32 };
using var envs = registry.MakeVector("graph-nav", ppo.NumEnvs);
IActorCritic taskNode = PolicyFactory.Create(envs.Spec, new PolicyOptions(), seed: 1);
var trainer = new PpoTrainer(taskNode, envs, ppo, seed: 1);
trainer.Learn(totalTimesteps: 4 * ppo.BatchSize);
string checkpoint = Path.Combine(Path.GetTempPath(), $"ragagent-consumer-{Environment.ProcessId}.safetensors");
trainer.SaveCheckpoint(checkpoint);
IActorCritic loaded = PolicyFactory.FromCheckpoint(CheckpointFile.Load(checkpoint));
File.Delete(checkpoint);
IEnv heldOut = registry.Make("graph-nav", new EnvMakeOptions { Goals = GoalSplit.HeldOut });
EvaluationResult result = new Evaluator(loaded).Evaluate(heldOut, episodes: 20);
if (loaded.Options.Architecture != PolicyArchitecture.TaskNode || trainer.GlobalStep != 4 * ppo.BatchSize || result.Episodes != 20 || !double.IsFinite(result.MeanReturn) || result.SuccessRate is null || result.PerGoal.Sum(g => g.Episodes) != 20)
{
    Console.Error.WriteLine($"package consumer: PPO check failed (architecture {loaded.Options.Architecture}, steps {trainer.GlobalStep}, {result})");
    return 1;
}

Console.WriteLine($"package consumer: ok (PPO {trainer.GlobalStep} steps on graph-nav; held-out success {result.SuccessRate:P0})");
return 0;
