"""The regions of the first edition: Hebei's cities and the areas the province lists apart.

Regions are data of each contest (`contest.Region`, edited beside the tracks in the admin):
a later, national edition lists provinces instead. This list seeds the editions that existed
before regions became data (migration contest 0002), the demo and the tests. The region
`outside` stands for entrants from elsewhere, who then name their province.
"""

OUTSIDE = "outside"

HEBEI_REGIONS = (
    # (code, Chinese name, English name)
    ("shijiazhuang", "石家庄市", "Shijiazhuang"),
    ("tangshan", "唐山市", "Tangshan"),
    ("qinhuangdao", "秦皇岛市", "Qinhuangdao"),
    ("handan", "邯郸市", "Handan"),
    ("xingtai", "邢台市", "Xingtai"),
    ("baoding", "保定市", "Baoding"),
    ("zhangjiakou", "张家口市", "Zhangjiakou"),
    ("chengde", "承德市", "Chengde"),
    ("cangzhou", "沧州市", "Cangzhou"),
    ("langfang", "廊坊市", "Langfang"),
    ("hengshui", "衡水市", "Hengshui"),
    ("xiongan", "雄安新区", "Xiong'an New Area"),
    ("dingzhou", "定州市", "Dingzhou"),
    ("xinji", "辛集市", "Xinji"),
    (OUTSIDE, "河北省外", "Outside Hebei"),
)
