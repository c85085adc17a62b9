using RagAgent.Envs.Abstractions;
using RagAgent.Envs.Randomness;

namespace RagAgent.Tests.Envs.Randomness;

public sealed class EnvRandomTests
{
    [Test]
    public void RestoreState_AfterDraws_ContinuesTheSameStream()
    {
        var random = new EnvRandom(42);
        random.NextDouble();
        random.NextInt(7);
        byte[] state = EnvSnapshot.ToBytes(random.SaveState);
        ulong[] expected = [random.NextUInt64(), random.NextUInt64(), random.NextUInt64()];

        var restored = new EnvRandom(0);
        EnvSnapshot.FromBytes(state, "random", r => { restored.RestoreState(r); return 0; });

        Assert.That(state, Has.Length.EqualTo(32));
        Assert.That(new[] { restored.NextUInt64(), restored.NextUInt64(), restored.NextUInt64() }, Is.EqualTo(expected));
    }

    [Test]
    public void RestoreState_AllZero_ThrowsInvalidData()
    {
        Assert.That(
            () => EnvSnapshot.FromBytes(new byte[32], "random", r => { new EnvRandom(0).RestoreState(r); return 0; }),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("all zero"));
    }
}
