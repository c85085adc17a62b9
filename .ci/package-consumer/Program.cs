// A user's program that references only the packed RagAgent packages.
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

Console.WriteLine("package consumer: ok");
return 0;
