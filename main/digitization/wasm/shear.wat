;; The deskew turn's inner loops (shear-rotate.ts): each output byte is a linear blend of two input bytes,
;;   out = ((256 - w) * a + w * b + 128) >> 8,   w in 0..255,
;; sixteen bytes at a time with 128-bit SIMD. Pointers are byte offsets in the module's memory, which the
;; caller sizes and fills; nothing here allocates. The sum fits 16 bits (255 * 256 + 128 < 65536), so the
;; wrapping i16 lanes are read back unsigned.
(module
  (memory (export "memory") 1)

  ;; Sixteen blends with per-byte weights from $wv.
  (func $blend16 (param $a v128) (param $b v128) (param $wv v128) (result v128)
    (local $wl v128) (local $wh v128)
    (local.set $wl (i16x8.extend_low_i8x16_u (local.get $wv)))
    (local.set $wh (i16x8.extend_high_i8x16_u (local.get $wv)))
    (i8x16.narrow_i16x8_u
      (i16x8.shr_u
        (i16x8.add
          (i16x8.add
            (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $a)) (i16x8.sub (v128.const i16x8 256 256 256 256 256 256 256 256) (local.get $wl)))
            (i16x8.mul (i16x8.extend_low_i8x16_u (local.get $b)) (local.get $wl)))
          (v128.const i16x8 128 128 128 128 128 128 128 128))
        (i32.const 8))
      (i16x8.shr_u
        (i16x8.add
          (i16x8.add
            (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $a)) (i16x8.sub (v128.const i16x8 256 256 256 256 256 256 256 256) (local.get $wh)))
            (i16x8.mul (i16x8.extend_high_i8x16_u (local.get $b)) (local.get $wh)))
          (v128.const i16x8 128 128 128 128 128 128 128 128))
        (i32.const 8))))

  (func $blend1 (param $a i32) (param $b i32) (param $w i32) (result i32)
    (i32.shr_u
      (i32.add
        (i32.add (i32.mul (local.get $a) (i32.sub (i32.const 256) (local.get $w))) (i32.mul (local.get $b) (local.get $w)))
        (i32.const 128))
      (i32.const 8)))

  ;; dst[k] = blend(a[k], b[k], w) for k < n, one weight for the whole row.
  (func $blendConst (param $dst i32) (param $a i32) (param $b i32) (param $n i32) (param $w i32)
    (local $k i32) (local $wv v128)
    (local.set $wv (i8x16.splat (local.get $w)))
    (block $done
      (loop $vec
        (br_if $done (i32.gt_s (i32.add (local.get $k) (i32.const 16)) (local.get $n)))
        (v128.store (i32.add (local.get $dst) (local.get $k))
          (call $blend16
            (v128.load (i32.add (local.get $a) (local.get $k)))
            (v128.load (i32.add (local.get $b) (local.get $k)))
            (local.get $wv)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $vec)))
    (block $end
      (loop $tail
        (br_if $end (i32.ge_s (local.get $k) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $k))
          (call $blend1
            (i32.load8_u (i32.add (local.get $a) (local.get $k)))
            (i32.load8_u (i32.add (local.get $b) (local.get $k)))
            (local.get $w)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tail))))

  ;; dst[k] = blend(a[k], b[k], w[k]) for k < n, a weight per byte.
  (func $blendVar (param $dst i32) (param $a i32) (param $b i32) (param $n i32) (param $w i32)
    (local $k i32)
    (block $done
      (loop $vec
        (br_if $done (i32.gt_s (i32.add (local.get $k) (i32.const 16)) (local.get $n)))
        (v128.store (i32.add (local.get $dst) (local.get $k))
          (call $blend16
            (v128.load (i32.add (local.get $a) (local.get $k)))
            (v128.load (i32.add (local.get $b) (local.get $k)))
            (v128.load (i32.add (local.get $w) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $vec)))
    (block $end
      (loop $tail
        (br_if $end (i32.ge_s (local.get $k) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $k))
          (call $blend1
            (i32.load8_u (i32.add (local.get $a) (local.get $k)))
            (i32.load8_u (i32.add (local.get $b) (local.get $k)))
            (i32.load8_u (i32.add (local.get $w) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $tail))))

  ;; Horizontal shear: `rows` rows of n bytes; row r reads src + r * srcStride + tab[2r] (a byte offset, the
  ;; pixel before it `ch` bytes back) with weight tab[2r + 1] on that previous pixel.
  (func (export "shearRows") (param $dst i32) (param $dstStride i32) (param $src i32) (param $srcStride i32)
    (param $rows i32) (param $n i32) (param $ch i32) (param $tab i32)
    (local $r i32) (local $a i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $a (i32.add (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $srcStride)))
          (i32.load (i32.add (local.get $tab) (i32.shl (local.get $r) (i32.const 3))))))
        (call $blendConst
          (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $dstStride)))
          (local.get $a)
          (i32.sub (local.get $a) (local.get $ch))
          (local.get $n)
          (i32.load (i32.add (local.get $tab) (i32.add (i32.shl (local.get $r) (i32.const 3)) (i32.const 4)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; Vertical shear, row by row: `rows` rows of dst; in each, runs of columns that share their whole-row shift,
  ;; from the table at $runs ($nRuns entries of three i32: first byte, byte count, source offset in bytes from
  ;; the same place in src). Each byte blends the source byte with the one a row above, weight at $w + byte.
  (func (export "shearCols") (param $dst i32) (param $src i32) (param $stride i32) (param $rows i32)
    (param $runs i32) (param $nRuns i32) (param $w i32)
    (local $r i32) (local $k i32) (local $e i32) (local $start i32) (local $from i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
        (local.set $k (i32.const 0))
        (block $rowDone
          (loop $run
            (br_if $rowDone (i32.ge_s (local.get $k) (local.get $nRuns)))
            (local.set $e (i32.add (local.get $runs) (i32.mul (local.get $k) (i32.const 12))))
            (local.set $start (i32.load (local.get $e)))
            (local.set $from (i32.add (i32.add (local.get $src) (local.get $start)) (i32.load offset=8 (local.get $e))))
            (call $blendVar
              (i32.add (local.get $dst) (local.get $start))
              (local.get $from)
              (i32.sub (local.get $from) (local.get $stride))
              (i32.load offset=4 (local.get $e))
              (i32.add (local.get $w) (local.get $start)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $run)))
        (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
        (local.set $src (i32.add (local.get $src) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

)
