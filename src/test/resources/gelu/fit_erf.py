"""Fits erf(u) ~ u*P(u^2)/Q(u^2) on [0, 3.92] (erf is odd; beyond 3.92 it is 1 in float32) by
least squares on the linearised equation u*P - erf*Q = 0 with Q(0) = 1, reweighted toward the
largest errors, and prints the maximum error in double and after float32 evaluation for a few
degrees. PackedLinear's GELU uses the degree (6, 6) row: 1.7e-9 in double, 3.6e-7 in float32.
    python3 src/test/resources/gelu/fit_erf.py      (numpy only)
"""
import numpy as np, math
from math import erf
A=3.92
N=4000
xs=A*(1-np.cos(np.linspace(0,np.pi,N)))/2  # cheb nodes on [0,A], dense near both ends
xs=np.concatenate([xs, np.linspace(0,A,N)])
y=np.array([erf(v) for v in xs])
def fit(np_,nq,iters=30):
    w=np.ones_like(xs)
    best=None
    for it in range(iters):
        # unknowns: p0..p_{np-1}, q1..q_{nq}; eq: x*P(x2) - y*(1+sum q_k x2^k) = 0
        x2=xs*xs
        cols=[xs*x2**k for k in range(np_)]+[-y*x2**k for k in range(1,nq+1)]
        M=np.stack(cols,1)*w[:,None]
        c,*_=np.linalg.lstsq(M,y*w,rcond=None)
        p=c[:np_]; q=np.concatenate([[1.0],c[np_:]])
        P=sum(p[k]*x2**k for k in range(np_)); Q=sum(q[k]*x2**k for k in range(nq+1))
        err=xs*P/Q-y
        me=np.abs(err).max()
        if best is None or me<best[0]: best=(me,p,q)
        w=w*np.abs(err)**0.5/ (np.abs(err).mean()**0.5+1e-30)  # Lawson-like reweighting toward minimax
        w=w/ w.max()
    return best
for np_,nq in ((5,5),(6,6),(7,6),(7,7)):
    me,p,q=fit(np_,nq)
    # float32 evaluation
    xf=np.linspace(0,A,200001).astype(np.float32); x2=xf*xf
    P=np.float32(0); 
    P=np.zeros_like(xf)
    for k in reversed(range(len(p))): P=(P*x2+np.float32(p[k])).astype(np.float32)
    Q=np.zeros_like(xf)
    for k in reversed(range(len(q))): Q=(Q*x2+np.float32(q[k])).astype(np.float32)
    r=(xf*P/Q).astype(np.float32)
    yt=np.array([erf(float(v)) for v in xf])
    print(np_,nq,"double maxerr %.2e float32 maxerr %.2e"%(me,np.abs(r-yt).max()), "Q min", Q.min())
    print(repr(p.tolist())); print(repr(q.tolist()))
