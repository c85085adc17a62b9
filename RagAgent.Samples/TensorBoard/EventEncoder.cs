using Google.Protobuf;

namespace RagAgent.Samples.TensorBoard;

/// <summary>
/// Encodes the few TensorFlow <c>Event</c> messages a scalar log needs with Google.Protobuf's
/// <see cref="CodedOutputStream"/>, field by field (no generated code; the field numbers are TensorFlow's
/// <c>event.proto</c> and <c>summary.proto</c>):
/// <code>
/// Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
/// Summary { repeated Value value = 1; }
/// Value   { string tag = 1; float simple_value = 2; }
/// </code>
/// </summary>
internal static class EventEncoder
{
    /// <summary>The version string of the first event of every file.</summary>
    public const string FileVersion = "brain.Event:2";

    private const int WallTimeField = 1;
    private const int StepField = 2;
    private const int FileVersionField = 3;
    private const int SummaryField = 5;
    private const int SummaryValueField = 1;
    private const int TagField = 1;
    private const int SimpleValueField = 2;

    /// <summary>The first event of a file: its wall time and <see cref="FileVersion"/>.</summary>
    public static byte[] FileVersionEvent(double wallTime) => Encode(output =>
    {
        WriteHeader(output, wallTime, step: 0);
        output.WriteTag(FileVersionField, WireFormat.WireType.LengthDelimited);
        output.WriteString(FileVersion);
    }, HeaderSize(wallTime, 0) + CodedOutputStream.ComputeTagSize(FileVersionField) + CodedOutputStream.ComputeStringSize(FileVersion));

    /// <summary>An event at <paramref name="step"/> whose summary holds one scalar per <c>(tag, value)</c> pair.</summary>
    public static byte[] ScalarsEvent(double wallTime, long step, IReadOnlyList<(string Tag, float Value)> scalars)
    {
        int[] valueSizes = scalars.Select(s => ValueSize(s.Tag)).ToArray();
        int summarySize = valueSizes.Sum(size => CodedOutputStream.ComputeTagSize(SummaryValueField) + CodedOutputStream.ComputeLengthSize(size) + size);
        int size = HeaderSize(wallTime, step) + CodedOutputStream.ComputeTagSize(SummaryField) + CodedOutputStream.ComputeLengthSize(summarySize) + summarySize;
        return Encode(output =>
        {
            WriteHeader(output, wallTime, step);
            output.WriteTag(SummaryField, WireFormat.WireType.LengthDelimited);
            output.WriteLength(summarySize);
            for (int i = 0; i < scalars.Count; i++)
            {
                output.WriteTag(SummaryValueField, WireFormat.WireType.LengthDelimited);
                output.WriteLength(valueSizes[i]);
                output.WriteTag(TagField, WireFormat.WireType.LengthDelimited);
                output.WriteString(scalars[i].Tag);
                output.WriteTag(SimpleValueField, WireFormat.WireType.Fixed32);
                output.WriteFloat(scalars[i].Value);
            }
        }, size);
    }

    private static int ValueSize(string tag) =>
        CodedOutputStream.ComputeTagSize(TagField) + CodedOutputStream.ComputeStringSize(tag)
        + CodedOutputStream.ComputeTagSize(SimpleValueField) + CodedOutputStream.ComputeFloatSize(0);

    private static int HeaderSize(double wallTime, long step) =>
        CodedOutputStream.ComputeTagSize(WallTimeField) + CodedOutputStream.ComputeDoubleSize(wallTime)
        + CodedOutputStream.ComputeTagSize(StepField) + CodedOutputStream.ComputeInt64Size(step);

    private static void WriteHeader(CodedOutputStream output, double wallTime, long step)
    {
        output.WriteTag(WallTimeField, WireFormat.WireType.Fixed64);
        output.WriteDouble(wallTime);
        output.WriteTag(StepField, WireFormat.WireType.Varint);
        output.WriteInt64(step);
    }

    private static byte[] Encode(Action<CodedOutputStream> write, int size)
    {
        var buffer = new byte[size];
        var output = new CodedOutputStream(buffer);
        write(output);
        output.CheckNoSpaceLeft();
        return buffer;
    }
}
