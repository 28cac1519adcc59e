// The numbers by which Java names dtypes and operations to the kernels. KernelCodes.java holds the same table;
// KernelCodesTest reads this file and fails when the two differ.
#pragma once

// dtypes
#define T_F32 0
#define T_F64 1
#define T_F16 2
#define T_BF16 3
#define T_I64 4
#define T_I32 5
#define T_I16 6
#define T_I8 7
#define T_U8 8
#define T_BOOL 9

// unary functions (backend.UnaryOp)
#define U_NEG 0
#define U_ABS 1
#define U_SIGN 2
#define U_SQUARE 3
#define U_SQRT 4
#define U_RSQRT 5
#define U_EXP 6
#define U_LOG 7
#define U_LOG1P 8
#define U_EXPM1 9
#define U_RECIPROCAL 10
#define U_SIN 11
#define U_COS 12
#define U_TANH 13
#define U_SIGMOID 14
#define U_ERF 15
#define U_FLOOR 16
#define U_CEIL 17
#define U_ROUND 18
#define U_RELU 19
#define U_LEAKY_RELU 20
#define U_ELU 21
#define U_SELU 22
#define U_GELU 23
#define U_SOFTPLUS 24
#define U_SOFTSIGN 25
#define U_SILU 26
#define U_HARD_SIGMOID 27
#define U_CLAMP 28
#define U_POW_SCALAR 29
#define U_NOT 30

// binary functions (backend.BinaryOp)
#define B_ADD 0
#define B_SUB 1
#define B_MUL 2
#define B_DIV 3
#define B_POW 4
#define B_MAXIMUM 5
#define B_MINIMUM 6
#define B_EQ 7
#define B_NE 8
#define B_LT 9
#define B_LE 10
#define B_GT 11
#define B_GE 12
#define B_AND 13
#define B_OR 14
#define B_XOR 15
#define B_RELU_GRAD 16

// reductions (backend.ReduceOp)
#define R_SUM 0
#define R_PROD 1
#define R_MAX 2
#define R_MIN 3

// random draws (backend.RandomDraw)
#define D_UNIFORM 0
#define D_NORMAL 1
#define D_TRUNCATED_NORMAL 2
#define D_BERNOULLI 3
