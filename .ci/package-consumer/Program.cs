// A user's program that references only the packed RagAgent packages.
using RagAgent.Core.Policies;
using RagAgent.Core.Tensors;
using RagAgent.Envs.Abstractions;

var spec = new EnvSpec { Id = "consumer", GlobalFeatureSize = 4, ExtraActions = 2 };
var observation = new Observation(spec);
using var stream = new MemoryStream();
SafeTensors.Write(stream, [new NamedTensor("w", [2], [1f, 2f])]);
stream.Position = 0;
SafeTensorsContent read = SafeTensors.Read(stream);
if (read.Tensors[0].Data[1] != 2f || observation.ActionMask.Length != 2)
{
    Console.Error.WriteLine("package consumer: unexpected result");
    return 1;
}

// Build the default (mlp) policy, run one forward/backward pass and one optimizer step on a small batch.
const int count = 3;
IActorCritic policy = PolicyFactory.Create(spec, new PolicyOptions(), seed: 1, maxBatchSize: count);
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
if (policy.Architecture != "mlp" || !finite || !(gradNorm > 0f) || before == after)
{
    Console.Error.WriteLine(
        $"package consumer: policy check failed (architecture {policy.Architecture}, grad norm {gradNorm}, weight {before} -> {after}, "
        + $"logits [{string.Join(", ", logits)}], values [{string.Join(", ", values)}])");
    return 1;
}

Console.WriteLine($"package consumer: ok (mlp policy: grad norm {gradNorm:G4}, values [{string.Join(", ", values.Select(v => v.ToString("G4")))}])");
return 0;
