namespace Myelin.Backends;

/// <summary>
/// The primitive list every backend implements — nothing more. Ops (with their gradients), layers,
/// losses and optimizers are all built on these, so a new layer needs no new kernel.
/// <para>
/// Conventions: all tensors are float32 row-major and live on this backend. "Accumulate" means the
/// result is added into the destination (gradients sum over uses). Letters in shape comments:
/// N batch, I inputs, O outputs, C channels, H/W height/width, K classes.
/// </para>
/// </summary>
public interface IBackend
{
    /// <summary>Short name shown in summaries and benchmark tables (e.g. "cpu").</summary>
    string Name { get; }

    /// <summary>Allocates zeroed storage for <paramref name="capacity"/> floats.</summary>
    TensorStorage Allocate(int capacity);

    /// <summary>Copies host values into the first <c>source.Length</c> elements of <paramref name="destination"/>.</summary>
    void Upload(ReadOnlySpan<float> source, Tensor destination);

    /// <summary>Copies the tensor's elements to host memory (blocks until they are ready).</summary>
    void Download(Tensor source, Span<float> destination);

    /// <summary>y[i] = value.</summary>
    void Fill(Tensor y, float value);

    /// <summary>y = alpha·x + beta·y over y.Length elements (x may be longer). beta = 0 overwrites y.</summary>
    void Axpby(float alpha, Tensor x, float beta, Tensor y);

    /// <summary>y = f(x; alpha), element-wise, same length.</summary>
    void Unary(UnaryKind kind, Tensor x, Tensor y, float alpha);

    /// <summary>dx += dy · f'(x) where y = f(x) (either may be used; both are passed).</summary>
    void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha);

    /// <summary>
    /// <see cref="UnaryBackward(UnaryKind, Tensor, Tensor, Tensor, Tensor, float)"/>, or with
    /// <paramref name="overwrite"/> dx = dy · f'(x) (dx's old values, NaN included, are not read): for a
    /// gradient's first contribution after it was zeroed. The default fills dx with zeros and adds.
    /// </summary>
    void UnaryBackward(UnaryKind kind, Tensor x, Tensor y, Tensor dy, Tensor dx, float alpha, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        UnaryBackward(kind, x, y, dy, dx, alpha);
    }

    /// <summary>y = a ∘ b with NumPy broadcasting; y has the broadcast shape.</summary>
    void Binary(BinaryKind kind, Tensor a, Tensor b, Tensor y);

    /// <summary>
    /// y = alpha·(x summed over the axes where y is broadcast) + beta·y. y's shape must broadcast to
    /// x's (e.g. x:(N,O) → y:(O) sums the batch; y:(1) sums everything).
    /// </summary>
    void SumTo(Tensor x, Tensor y, float alpha, float beta);

    /// <summary>c = alpha·op(a)·op(b) + beta·c, 2-D. a:(M,K) (or (K,M) with transA), b:(K,N) (or (N,K) with transB), c:(M,N).</summary>
    void MatMul(Tensor a, Tensor b, Tensor c, bool transA, bool transB, float alpha, float beta);

    /// <summary>Fused dense layer: y = act(x·w + bias). x:(N,I) w:(I,O) bias:(O) or null → y:(N,O).</summary>
    void Dense(Tensor x, Tensor w, Tensor? bias, Tensor y, UnaryKind activation, float alpha);

    /// <summary>
    /// Inference through consecutive dense layers: outputs[s] = act_s(in_s·w_s + bias_s) with in_0 = x and
    /// in_s = outputs[s−1]. Must give the same bits as one <see cref="Dense"/> per stage, which is the
    /// default; a backend may instead take each band of rows through every stage while it is in cache.
    /// </summary>
    void DenseChain(Tensor x, ReadOnlySpan<DenseStage> stages, ReadOnlySpan<Tensor> outputs) => DenseEachStage(this, x, stages, outputs);

    /// <summary>The per-stage <see cref="DenseChain"/>: one <see cref="Dense"/> call per stage.</summary>
    internal static void DenseEachStage(IBackend backend, Tensor x, ReadOnlySpan<DenseStage> stages, ReadOnlySpan<Tensor> outputs)
    {
        if (outputs.Length != stages.Length)
            throw new ArgumentException($"DenseChain: {stages.Length} stages need {stages.Length} outputs; got {outputs.Length}.");
        for (var s = 0; s < stages.Length; s++)
        {
            var stage = stages[s];
            backend.Dense(s == 0 ? x : outputs[s - 1], stage.Weight, stage.Bias, outputs[s], stage.Activation, stage.Alpha);
        }
    }

    /// <summary>y = x with axes reordered: y.Shape[i] = x.Shape[perm[i]].</summary>
    void Permute(Tensor x, Tensor y, ReadOnlySpan<int> perm);

    /// <summary>Unfolds windows: x:(N,C,H,W) → cols:(C·KH·KW, N·OH·OW); zero padding.</summary>
    void Im2Col(Tensor x, Tensor cols, in Conv2DGeometry g);

    /// <summary>Folds windows back, accumulating: dx:(N,C,H,W) += fold(cols:(C·KH·KW, N·OH·OW)).</summary>
    void Col2Im(Tensor cols, Tensor dx, in Conv2DGeometry g);

    /// <summary>
    /// Convolution (cross-correlation) forward: y:(N,O,OH,OW) = w:(O,C,KH,KW) ⋆ x:(N,C,H,W) + bias:(O) (or
    /// none), keeping in the workspace what <see cref="Conv2DBackwardWeights"/> needs of x (by default
    /// <c>workspace.Cols</c> = im2col(x)). The default is the sequence of
    /// primitives (<see cref="Im2Col"/>, one <see cref="MatMul"/>, a <see cref="Permute"/>, a broadcast add);
    /// a backend may convolve directly instead (the CPU does for stride 1, keeping x padded).
    /// </summary>
    void Conv2DForward(Tensor x, Tensor w, Tensor? bias, Tensor y, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.ForwardByPrimitives(this, x, w, bias, y, g);

    /// <summary>
    /// Convolution input gradient, accumulating: dx:(N,C,H,W) += col2im(w2ᵀ·dy) with w2 = w as (O, C·KH·KW)
    /// and dy:(N,O,OH,OW). The default is the sequence of primitives (dy reordered channel-major, one
    /// <see cref="MatMul"/>, <see cref="Col2Im"/>); a backend may go image by image instead.
    /// </summary>
    void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.BackwardInputByPrimitives(this, dy, w, dx, g);

    /// <summary>
    /// <see cref="Conv2DBackwardInput(Tensor, Tensor, Tensor, Conv2DWorkspace, in Conv2DGeometry)"/>, or with
    /// <paramref name="overwrite"/> dx = col2im(w2ᵀ·dy) (dx's old values are not read). The default fills dx
    /// with zeros and adds.
    /// </summary>
    void Conv2DBackwardInput(Tensor dy, Tensor w, Tensor dx, Conv2DWorkspace workspace, in Conv2DGeometry g, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        Conv2DBackwardInput(dy, w, dx, workspace, g);
    }

    /// <summary>
    /// Convolution weight and bias gradients from the x that <see cref="Conv2DForward"/> last saw with this
    /// workspace: dw:(O,C,KH,KW) = betaW·dw + Σ dy ⋆ x, db:(O) = betaB·db + Σ dy (beta 0 or 1; a null
    /// tensor is skipped). The default reorders dy channel-major and runs one <see cref="MatMul"/> with
    /// <c>workspace.Cols</c> and one <see cref="SumTo"/>; a backend whose forward keeps another form of x
    /// (the CPU keeps it padded) reads that instead.
    /// </summary>
    void Conv2DBackwardWeights(Tensor dy, Tensor? dw, float betaW, Tensor? db, float betaB, Conv2DWorkspace workspace, in Conv2DGeometry g) =>
        workspace.BackwardWeightsByPrimitives(this, dy, dw, betaW, db, betaB, g);

    /// <summary>
    /// pooled:(N,O,OH/2,OW/2) = 2×2, stride-2 max pooling of the convolution's output (through ReLU when
    /// <paramref name="relu"/> is set; OH and OW even), for a step whose backward pass routes the pooled
    /// gradient with <see cref="MaxPool2DBackward(Tensor, Tensor, Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool, bool)"/>
    /// (x = <paramref name="pool"/>'s <see cref="PoolWorkspace.Source"/>) and runs the convolution's
    /// backward primitives. The default runs <see cref="Conv2DForward"/> into the workspace's source
    /// tensor and pools it; a backend that pools in the convolution itself records the windows' winners
    /// in <paramref name="pool"/> instead, and its backward pass must route by them alone.
    /// </summary>
    void Conv2DForwardPooled(Tensor x, Tensor w, Tensor? bias, Tensor pooled, Conv2DWorkspace workspace, PoolWorkspace pool, in Conv2DGeometry g, bool relu) =>
        pool.ForwardConvByPrimitives(this, x, w, bias, pooled, workspace, g, relu);

    /// <summary>Max pooling x:(N,C,H,W) → y:(N,C,OH,OW); padding never wins.</summary>
    void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g);

    /// <summary>dx += dy routed to the first maximum of each window (recomputed from x).</summary>
    void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g);

    /// <summary>
    /// <see cref="MaxPool2DBackward(Tensor, Tensor, Tensor, in Conv2DGeometry)"/>, or with
    /// <paramref name="overwrite"/> dx = dy at the winners and 0 elsewhere (dx's old values are not read).
    /// The default fills dx with zeros and adds.
    /// </summary>
    void MaxPool2DBackward(Tensor x, Tensor dy, Tensor dx, in Conv2DGeometry g, bool overwrite)
    {
        if (overwrite) Fill(dx, 0f);
        MaxPool2DBackward(x, dy, dx, g);
    }

    /// <summary>
    /// y = max pool(x), or with <paramref name="relu"/> y = ReLU(max pool(x)) (= max pool(ReLU(x))), for a
    /// training step whose backward pass gets the same <paramref name="workspace"/>. The default pools and
    /// applies ReLU through the workspace's scratch; a backend may also record each window's winner there.
    /// </summary>
    void MaxPool2D(Tensor x, Tensor y, in Conv2DGeometry g, PoolWorkspace workspace, bool relu) =>
        workspace.ForwardByPrimitives(this, x, y, g, relu);

    /// <summary>
    /// The backward pass of <see cref="MaxPool2D(Tensor, Tensor, in Conv2DGeometry, PoolWorkspace, bool)"/>
    /// with its y and workspace: dx (+)= dy routed to each window's first maximum, where (with
    /// <paramref name="relu"/>) that maximum is positive; <paramref name="overwrite"/> as in
    /// <see cref="MaxPool2DBackward(Tensor, Tensor, Tensor, in Conv2DGeometry, bool)"/>. x may be null
    /// when the forward pass recorded the winners in the workspace (else it is an error). The default
    /// masks dy by y &gt; 0 into the workspace's scratch and routes it, finding the winners in x.
    /// </summary>
    void MaxPool2DBackward(Tensor? x, Tensor y, Tensor dy, Tensor dx, in Conv2DGeometry g, PoolWorkspace workspace, bool relu, bool overwrite) =>
        workspace.BackwardByPrimitives(this, x, y, dy, dx, g, relu, overwrite);

    /// <summary>Average pooling x:(N,C,H,W) → y:(N,C,OH,OW); divides by the full window size.</summary>
    void AvgPool2D(Tensor x, Tensor y, in Conv2DGeometry g);

    /// <summary>dx += dy spread evenly over each window.</summary>
    void AvgPool2DBackward(Tensor dy, Tensor dx, in Conv2DGeometry g);

    /// <summary>Row softmax over the last axis: x:(R,K) → y:(R,K), max-subtracted.</summary>
    void Softmax(Tensor x, Tensor y);

    /// <summary>dx += y ⊙ (dy − Σ_k dy·y) per row.</summary>
    void SoftmaxBackward(Tensor y, Tensor dy, Tensor dx);

    /// <summary>
    /// Fused stable softmax + cross-entropy. logits:(N,K), labels:(N) class indices as floats →
    /// probs:(N,K), loss:(N) = −log p[label]. Throws on a label outside 0..K−1.
    /// </summary>
    void SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor probs, Tensor loss);

    /// <summary>dlogits += dloss[n] · (probs − onehot(labels)).</summary>
    void SoftmaxCrossEntropyBackward(Tensor probs, Tensor labels, Tensor dloss, Tensor dlogits);

    /// <summary>Row arg-max over the last axis: x:(R,K) → indices:(R) as floats (first maximum wins).</summary>
    void ArgMax(Tensor x, Tensor indices);

    /// <summary>
    /// Inverted-dropout mask: mask[i] = 1/(1−p) with probability 1−p, else 0, from a counter-based
    /// hash of (seed, i) so every backend draws the same mask.
    /// </summary>
    void DropoutMask(Tensor mask, float p, uint seed);

    /// <summary>x *= min(1, maxNorm / √(sumSquares[0])) — gradient clipping without a host round trip.</summary>
    void ClipByNorm(Tensor x, Tensor sumSquares, float maxNorm);

    // The optimizer updates: with a dry-run check (see UpdateCheck) each computes its new values with the
    // very same arithmetic and writes only flags, so an optimizer can refuse a step that would leave a
    // non-finite weight or state before any tensor changes.

    /// <summary>SGD with optional momentum/Nesterov and L2 weight decay. velocity is null without momentum.</summary>
    void SgdUpdate(Tensor parameter, Tensor gradient, Tensor? velocity, in OptimizerHyper h, UpdateCheck check = default);

    /// <summary>Adam, or AdamW when <see cref="OptimizerHyper.DecoupledWeightDecay"/> is set.</summary>
    void AdamUpdate(Tensor parameter, Tensor gradient, Tensor m, Tensor v, in OptimizerHyper h, UpdateCheck check = default);

    /// <summary>Adagrad: accumulates squared gradients.</summary>
    void AdagradUpdate(Tensor parameter, Tensor gradient, Tensor sumSquares, in OptimizerHyper h, UpdateCheck check = default);

    /// <summary>RMSprop with optional momentum (buffer null without it).</summary>
    void RmsPropUpdate(Tensor parameter, Tensor gradient, Tensor meanSquare, Tensor? momentumBuffer, in OptimizerHyper h, UpdateCheck check = default);
}
