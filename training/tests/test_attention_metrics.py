"""Attention metrics on hand-built attention whose answers are known, and the read-out curriculum."""
import json
import math

import pytest
import torch

from training import attention_metrics as am
from training.train import curriculum, readout_step


def one_hot_map(cell, size=4):
    a = torch.zeros(size, size)
    a[cell] = 1.0
    return a


def test_cell_masks_use_cell_centres():
    # 32 px input, 4x4 map: cell centres at 4, 12, 20, 28 px; a box over x 10..22, y 0..5 covers cells (0, 1..2)
    masks = am.cell_masks([torch.tensor([[10.0, 0.0, 22.0, 5.0]])], 32, 4)
    assert masks[0].nonzero().tolist() == [[0, 1], [0, 2]]
    # two boxes are a union
    masks = am.cell_masks([torch.tensor([[0.0, 0.0, 5.0, 5.0], [26.0, 26.0, 32.0, 32.0]])], 32, 4)
    assert masks[0].nonzero().tolist() == [[0, 0], [3, 3]]


def test_energy_pointing_spread_and_glance_tv_on_known_maps():
    mask = torch.zeros(1, 4, 4, dtype=torch.bool)
    mask[0, :2, :2] = True  # area share 4 / 16
    inside, outside = one_hot_map((0, 0)), one_hot_map((3, 3))
    half = (inside + outside) / 2
    uniform = torch.full((4, 4), 1 / 16)
    # [N=1, k=4, heads=2, 4, 4]: head 0 jumps inside -> outside -> inside -> half; head 1 stays uniform
    attention = torch.stack([torch.stack([inside, outside, inside, half]), torch.stack([uniform] * 4)], 1)[None]
    s = am.summarise(attention, mask)
    assert s["energy_in_box"]["per_head"] == [pytest.approx((1 + 0 + 1 + 0.5) / 4), pytest.approx(0.25)]
    assert s["energy_in_box"]["per_glance"] == pytest.approx([0.625, 0.125, 0.625, 0.375])
    assert s["energy_ratio"]["per_head"][1] == pytest.approx(1.0)  # uniform attention = the area share
    assert s["pointing_game"]["per_head"][0] == pytest.approx(0.75)  # the half map's argmax is the first cell (0, 0)
    assert s["effective_locations"]["per_head"] == [pytest.approx((1 + 1 + 1 + 2) / 4), pytest.approx(16)]
    # head 0: TV 1, 1, 0.5 between consecutive glances; head 1: 0
    assert s["tv_consecutive"]["per_glance"] == pytest.approx([0.5, 0.5, 0.25])
    assert s["tv_consecutive"]["mean_from_glance_3"] == pytest.approx((1 + 0.5 + 0 + 0) / 4)
    assert s["tv_glance2_last"] == pytest.approx((0.5 + 0) / 2)  # glance 2 = outside vs half: 0.5


def test_centre_prior_and_boxes_scaled_to_the_input(tmp_path):
    (tmp_path / "boxes.csv").write_text("path,xmin,ymin,xmax,ymax\n"
                                        "val/a/1.JPEG,0,0,112,112\nval/a/1.JPEG,100,100,224,224\n"
                                        "val/b/2.JPEG,0,0,50,50\n")
    items = am.load_boxes(tmp_path, 96)
    assert [p for p, _ in items] == ["val/a/1.JPEG", "val/b/2.JPEG"]
    assert items[0][1].tolist() == [[0, 0, 48, 48], [pytest.approx(100 * 96 / 224)] * 2 + [96, 96]]
    assert am.centre_hits([b for _, b in items], 96).tolist() == [True, False]
    assert [p for p, _ in am.load_boxes(tmp_path, 96, "heldback")] == ["val/b/2.JPEG"]


def test_attack_pull_measures_moved_attention():
    from training.model import S3ta, S3taConfig
    torch.manual_seed(0)
    model = S3ta(S3taConfig(input_size=32, stem_width=8, widths=(8, 16, 16), c_k=8, hidden=16, query_hidden=16,
                            readout_hidden=16, classes=3)).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    images = (torch.rand(6, 3, 32, 32) * 255).to(torch.uint8)
    masks = torch.zeros(6, 4, 4, dtype=torch.bool)
    masks[:, 1:3, 1:3] = True
    pull = am.attack_pull(model, images, torch.zeros(6, dtype=torch.long), masks, k=3, steps=20, step_size=4 / 255)
    assert pull["attacked"] == 6 and 0 <= pull["succeeded"] <= 6
    if pull["succeeded"]:
        assert pull["energy_drop"] == pytest.approx(pull["energy_before"] - pull["energy_after"], abs=1e-3)
        assert 0 <= pull["tv_clean_noise"] <= 1 and 0 <= pull["tv_clean_adversarial"] <= 1


def test_paper_curriculum_reads_out_step_4_then_8_then_16():
    stages = curriculum("4@0,8@35/120,16@70/120")
    epochs = 120
    steps = [readout_step(stages, e / epochs) for e in range(epochs)]
    assert steps[:35] == [4] * 35 and steps[35:70] == [8] * 35 and steps[70:] == [16] * 50


@pytest.mark.parametrize("text", ["8@0.5", "4@0,0@0.5", "4@0,8@1", "4@0,8@0.5,16@1/2"])
def test_curriculum_rejects_bad_stages(text):
    import argparse
    with pytest.raises(argparse.ArgumentTypeError):
        curriculum(text)


def test_attention_wd_applies_to_the_query_net_core_and_initial_state_only():
    from training.model import S3ta, S3taConfig
    from training.train import parse_args, parameter_groups
    net = S3ta(S3taConfig(input_size=32, stem_width=8, widths=(8, 16, 16), c_k=8, hidden=16, query_hidden=16,
                          readout_hidden=16, classes=3))
    rest, attention = parameter_groups(net, parse_args(["--wd", "5e-4", "--attention-wd", "0"]))
    names = {id(p): n for n, p in net.named_parameters()}
    assert (rest["weight_decay"], attention["weight_decay"]) == (5e-4, 0)
    assert {names[id(p)].split(".")[0] for p in attention["params"]} == {"query_net", "core", "h0", "c0"}
    assert len(rest["params"]) + len(attention["params"]) == len(list(net.parameters()))


def test_the_model_card_writes_the_attention_section_from_eval_json():
    from training.model_card import attention_section
    m = dict(energy_in_box=dict(mean=0.6), energy_ratio=dict(mean=1.5, per_head=[1.2, 1.9]), pointing_game=dict(mean=0.7),
             effective_locations=dict(mean=30.0, of=144), tv_consecutive=dict(mean_from_glance_3=0.12), tv_glance2_last=0.4)
    pull = dict(k=16, steps=100, eps=16 / 255, step_size=2 / 255, attacked=10, succeeded=4, energy_before=0.6,
                energy_after=0.5, energy_drop=0.1, tv_clean_adversarial=0.35, tv_clean_noise=0.02)
    lines = attention_section("S3TA-16", dict(images=109, area_share=0.45, centre_prior_pointing=0.86, k16=m, attack_pull=pull))
    assert "| 16 | 0.60 | 1.50 (best head 1.90) | 70% | 0.1200 | 0.400 | 30 of 144 |" in lines
    assert any("energy in box 0.600 -> 0.500 (drop +0.100)" in line and "0.020 for uniform" in line for line in lines)


def test_the_model_card_checks_issue_7s_targets_on_both_boxed_sets():
    from training.model_card import target_rows
    def attention(tv, ratio):
        return dict(k16=dict(tv_consecutive=dict(mean_from_glance_3=tv), tv_glance2_last=0.3,
                             energy_ratio=dict(mean=ratio, per_head=[ratio, 2.0])),
                    attack_pull=dict(energy_drop=0.06, tv_clean_adversarial=0.31))
    evaluation = dict(attention=attention(0.06, 1.5), attention_heldback=attention(0.04, 1.5),
                      results=dict(k16=dict(clean=dict(value=0.69))))
    rows = target_rows(evaluation)
    assert rows[0] == "| TV between consecutive glances, 3..16 | ≥ 0.05 | 0.060 | 0.040 | not met |"
    assert rows[2].endswith("| 1.500 | 1.500 | met |")
    assert rows[-1] == "| clean top-1, all val images | ≥ 0.7 | 0.690 | — | not met |"
    del evaluation["attention_heldback"]
    assert target_rows(evaluation)[0].endswith("| 0.060 | — | met |")


def test_each_boxed_subset_has_its_own_key_in_eval_json():
    from training.attention_metrics import eval_key
    assert [eval_key(s) for s in ("all", "heldback")] == ["attention", "attention_heldback"]


def test_the_model_card_compares_spsa_with_pgd_on_the_same_images_and_targets():
    from training.model_card import spsa_vs_pgd
    metrics = dict(pgd100_targeted=dict(hit="110010"), spsa_targeted=dict(hit="1000"))
    assert spsa_vs_pgd("S3TA-16", metrics) == ("- S3TA-16: on the same 4 images and targets, SPSA reaches the target on 1, "
                                                "PGD-100 on 2; SPSA alone on 0: SPSA is no stronger than PGD.")
    metrics["spsa_targeted"]["hit"] = "1011"
    assert "STRONGER than PGD" in spsa_vs_pgd("S3TA-16", metrics)
    assert spsa_vs_pgd("old", dict(pgd100_targeted=dict(top1=1), spsa_targeted=dict(top1=1))) is None


def test_the_sign_test_gives_the_exact_binomial_tail_both_ways():
    from training.model_card import paired, sign_test
    assert sign_test(0, 0) == 1.0
    assert sign_test(0, 5) == pytest.approx(2 / 32)  # 5 of 5 one way: 2 * 0.5^5
    assert sign_test(2, 8) == sign_test(8, 2) == pytest.approx(2 * (1 + 10 + 45) / 1024)
    pair = paired("1100", "1010")
    assert (pair["n"], pair["a_only"], pair["b_only"], pair["p"], pair["diff"]) == (4, 1, 1, 1.0, 0.0)
    assert pair["ci95"] == pytest.approx((-1.96 * 2 ** 0.5 / 4, 1.96 * 2 ** 0.5 / 4))
    with pytest.raises(ValueError, match="not the same images"):
        paired("1100", "10101")


def test_the_model_card_compares_the_models_image_by_image_under_targeted_pgd100():
    from training.model_card import findings_pairs, findings_table
    rate = lambda v, n: dict(value=v, n=n, ci95=[v - 0.05, v + 0.05])  # noqa: E731
    attacks = dict(pgd100_targeted=dict(kind="pgd", targeted=True, eps=16 / 255, steps=100))

    def model(label, k, correct, hit, seed=0):
        n = len(correct)
        result = dict(pgd100_targeted=dict(top1=rate(correct.count("1") / n, n), correct=correct,
                                           success=rate(hit.count("1") / n, n), hit=hit))
        return dict(label=label, k=k, manifest=dict(arch="s3ta", config=dict(glances=k)),
                    eval=dict(split="val", seed=seed, images=3127, attacks=attacks, results={f"k{k}": result}))
    s16 = model("S3TA-16", 16, "1" * 10, "0" * 10)
    s4 = model("S3TA-4", 4, "0" * 10, "1" * 4 + "0" * 6)
    assert findings_table([s16, s4])[2] == "| S3TA-16 | 100.0 [95–105] | 0.0 [-5–5] | 10 |"
    assert findings_pairs([s16, s4]) == [
        "- S3TA-16 vs S3TA-4, the same 10 images and targets. Still correct after the attack: only S3TA-16 on 10 images "
        "and only S3TA-4 on 0: S3TA-16 − S3TA-4 +100.0 points [+100.0, +100.0], S3TA-16 more robust (p = 0.002). Sent to "
        "the target: only S3TA-4 on 4 images and only S3TA-16 on 0: S3TA-4 − S3TA-16 +40.0 points [+9.6, +70.4], no "
        "difference at p < 0.05 (p = 0.12)."]
    often = model("S3TA-4", 4, "0" * 10, "1" * 10)  # sent to the target on all 10 images: significant the other way
    assert "Sent to the target: only S3TA-4 on 10 images and only S3TA-16 on 0" in findings_pairs([s16, often])[0]
    assert findings_pairs([s16, often])[0].endswith("S3TA-4 sent there more often (p = 0.002).")
    assert findings_pairs([s16, model("S3TA-4", 4, "0" * 10, "0" * 10, seed=1)]) == [
        "- S3TA-16 vs S3TA-4: not compared image by image: evaluated on other images or targets (split val vs val, "
        "seed 0 vs 1, images 3127 vs 3127)."]
    assert findings_pairs([s16]) == []


def test_the_readme_results_block_is_rewritten_between_its_markers_only():
    from training.model_card import README_BEGIN, README_END, readme_results, splice
    rate = lambda v, n: dict(value=v, n=n, ci95=[v - 0.02, v + 0.02])  # noqa: E731
    resnet = dict(label="ResNet", manifest=dict(arch="resnet", config=dict(input_size=96)),
                  eval=dict(attacks=dict(pgd10_targeted=dict(kind="pgd", targeted=True, eps=16 / 255, steps=10)),
                            results=dict(resnet=dict(clean=rate(0.7, 3127), pgd10_targeted=dict(top1=rate(0.5, 500), success=rate(0.12, 500))))))
    lines = readme_results([resnet])
    assert lines[:4] == ["| Imagenette val, 96 px | ResNet |", "|---|---|", "| Clean (3,127 images) | 70.0% [68–72] |",
                         "| Targeted PGD-10, ε 16/255 (500 images) | 50.0% [48–52] / 12% hit |"]
    text = f"intro\n{README_BEGIN}\nold\n{README_END}\nrest\n"
    assert splice(text, ["new"]) == f"intro\n{README_BEGIN}\nnew\n{README_END}\nrest\n"
    with pytest.raises(ValueError, match="markers"):
        splice("no markers", ["new"])


def test_the_model_card_shows_each_runs_log_with_the_k_read_out_at_each_epoch(tmp_path):
    from training.model_card import training_curve
    (tmp_path / "s3ta-16").mkdir()
    rows = [dict(epoch=e, val_clean_acc=0.5 + e / 100, val_pgd10_acc=0.4, val_tv_consecutive_from_3=0.01,
                 val_tv_glance2_last=0.1, val_effective_locations=60.0) for e in range(12)]
    (tmp_path / "s3ta-16" / "log.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n")
    manifest = dict(arch="s3ta", recipe=dict(args=dict(out="runs/s3ta-16", epochs=12, curriculum=[[0, 4], [0.5, 16]])))
    assert training_curve(manifest, tmp_path, every=5) == [
        "| 5 | 4 | 54.0 | 40.0 | 0.0100 | 0.100 | 60 |", "| 10 | 16 | 59.0 | 40.0 | 0.0100 | 0.100 | 60 |",
        "| 12 | 16 | 61.0 | 40.0 | 0.0100 | 0.100 | 60 |"]
    assert training_curve(dict(arch="s3ta", recipe=dict(args=dict(out="runs/gone", epochs=1))), tmp_path) == []


def test_the_model_cards_command_names_a_forget_bias_only_when_there_is_one():
    from training.model_card import command
    args = dict(arch="s3ta", hidden=256, forget_bias=0.0, glances=[16], out="runs/x")
    assert command({"arch": "s3ta", "recipe": {"args": args}}) == "python3 -m training.train --arch s3ta --hidden 256 --glances 16 --out runs/x"
    args["forget_bias"] = 1.0
    assert "--hidden 256 --forget-bias 1.0 --glances 16" in command({"arch": "s3ta", "recipe": {"args": args}})
