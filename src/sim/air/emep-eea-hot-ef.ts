/**
 * Hot-exhaust speed functions (EMEP/EEA guidebook 1.A.3.b.i–iv, Tier 3 / COPERT) for the
 * technologies of the model's fleet — a DATA module: every row names the guidebook table or
 * annex it comes from and where it was read. Forms and coefficient order: `hot-emission-functions.ts`.
 *
 * Where the numbers were read (this session searched the stored public material; the guidebook
 * PDFs and the EEA spreadsheets themselves were not reachable, only their excerpts' first pages):
 * - [GB2013-T341] EMEP/EEA guidebook 2013 (update Sept 2014), 1.A.3.b.i–iv, Table 3-41 (petrol
 *   passenger cars Euro 1–4, p. 60) and [GB2013-T347] Table 3-47 (diesel passenger cars, p. 65),
 *   as transcribed in pollemission/pollemission `copert.py` (ENPC/INRIA, LGPL; numbers only).
 * - [ANNEX-PC] / [ANNEX-LCV] the guidebook's hot-EF annex spreadsheet (update Sept 2014), rows for
 *   passenger cars and light commercial vehicles Euro 5, 6 and 6c ("Equation 1/6/9/12/17"), as
 *   exported in pollemission `input/PC_parameter.csv` and `input/LDV_parameter.csv`.
 *   CROSS-CHECK: the PC Euro 5/6/6c NOx and PM rows of [ANNEX-PC] equal, digit for digit to the
 *   3 significant figures printed, the Euro 5/6/6c rows of the Table 3-41/3-47 transcription.
 * - [ANNEX-HDV] / [ANNEX-HDV-ART] / [ANNEX-BUS] the guidebook's heavy-duty annex spreadsheet
 *   (update June 2012), segments "Rigid 14 – 20 t", "Articulated 28 – 34 t" and "Urban Buses
 *   Standard 15 – 18 t", load 50 %, road slope 0 %, as exported in pollemission
 *   `input/HDV_parameter.csv`. Each of these rows carries the annex's own control value, the EF at
 *   V = vMax (column "Calc_func"), kept here as `check` and reproduced by the tests.
 * - [TIER1] speed-independent per-km values (Tier 1 g/kg fuel × typical consumption of the 2023
 *   guidebook, Tables 3-5/3-6 × 3-15), as in the previous version of this module — used where no
 *   speed function was read (car fuel consumption, L-category vehicles).
 *
 * NOT FOUND / NOT USED: the 2016–2023 consolidated coefficient tables (α…η) for Euro 6d cars,
 * Euro VI-D/E trucks and buses; fuel-consumption functions for passenger cars; Euro III
 * articulated trucks; Euro III/IV buses.
 */
import type { HotEfFunction } from './hot-emission-functions';

export type HotEfSource = 'GB2013-T341' | 'GB2013-T347' | 'ANNEX-PC' | 'ANNEX-LCV' | 'ANNEX-HDV' | 'ANNEX-HDV-ART' | 'ANNEX-BUS' | 'TIER1';

export interface HotEfRow extends HotEfFunction {
  source: HotEfSource;
  /** The source's own control value EF(speedKmh), g/km (annex rows that print one). */
  check?: { speedKmh: number; efGPerKm: number };
}

export const HOT_EF_SOURCES: Readonly<Record<HotEfSource, string>> = {
  'GB2013-T341': 'EMEP/EEA guidebook 2013 (Sept 2014) 1.A.3.b.i-iv Table 3-41, via pollemission copert.py',
  'GB2013-T347': 'EMEP/EEA guidebook 2013 (Sept 2014) 1.A.3.b.i-iv Table 3-47, via pollemission copert.py',
  'ANNEX-PC': 'EMEP/EEA guidebook 2013 hot-EF annex (Sept 2014), passenger cars, via pollemission input/PC_parameter.csv',
  'ANNEX-LCV': 'EMEP/EEA guidebook 2013 hot-EF annex (Sept 2014), light commercial vehicles, via pollemission input/LDV_parameter.csv',
  'ANNEX-HDV': 'EMEP/EEA guidebook HDV annex (June 2012), Rigid 14-20 t, 50 % load, 0 % slope, via pollemission input/HDV_parameter.csv',
  'ANNEX-HDV-ART': 'EMEP/EEA guidebook HDV annex (June 2012), Articulated 28-34 t, 50 % load, 0 % slope, via pollemission input/HDV_parameter.csv',
  'ANNEX-BUS': 'EMEP/EEA guidebook HDV annex (June 2012), Urban Buses Standard 15-18 t, 50 % load, 0 % slope, via pollemission input/HDV_parameter.csv',
  TIER1: 'EMEP/EEA guidebook 2023 1.A.3.b.i-iv Tier 1 (Tables 3-5/3-6 x 3-15), speed independent',
};

/** Pollutants with speed functions: NOx (as NO2 mass), PM exhaust (all < 2.5 µm), fuel consumption. */
export type HotEfPollutant = 'NOx' | 'PM' | 'FC';

/** The technology rows; the ids are used by the fleet mix. */
export const HOT_EF_ROWS = {
  // Petrol passenger cars.
  pcPetrolEuro4: {
    // Table 3-41 Euro 4, same 10–130 km/h range as the annex rows of the family (printed range not read).
    NOx: { form: 'rational', coefficients: [1.06e-1, 0, -1.58e-3, 0, 7.1e-6, 0], vMinKmh: 10, vMaxKmh: 130, source: 'GB2013-T341' },
    PM: { form: 'constant', coefficients: [0.0012], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
    FC: { form: 'constant', coefficients: [61.9], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcPetrolEuro5: {
    NOx: { form: 'rational', coefficients: [1.89162423721929e-1, 1.57150642277298, 8.15475056795118e-2, 2.73277584653183e-2, -2.48891758871523e-4, -2.68467236498228e-1], vMinKmh: 5, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'polynomial5', coefficients: [1.44418691469204e-13, 1.16177379697994e-10, -3.37041793322551e-8, 3.114143374502e-6, -1.25293028719836e-4, 3.2983012276569e-3], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [61.9], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcPetrolEuro6: {
    NOx: { form: 'rational', coefficients: [4.74232144011732e-1, 5.62174646182347, 3.4057776316908e-1, 8.37628818222108e-2, -1.51582670291725e-3, -1.19108669518198], vMinKmh: 5, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'polynomial5', coefficients: [2.31327071341798e-13, 1.25693087482587e-11, -1.10033255634716e-8, 1.23469539655306e-6, -6.28705400358073e-5, 2.72190890884376e-3], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [61.9], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcPetrolEuro6c: {
    NOx: { form: 'rational', coefficients: [9.99236129183522e14, 1.8865868425908e16, 1.31430743764587e15, 2.89572294577997e14, -6.33838617434322e12, -4.03332790479349e15], vMinKmh: 5, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'polynomial5', coefficients: [2.64986801719733e-13, -4.06851383377971e-11, 1.55060977398201e-9, 1.42696163912663e-7, -2.50418652340275e-5, 2.45445166744323e-3], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [61.9], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  // Diesel passenger cars (engine classes < 1.4 l, 1.4–2.0 l, > 2.0 l share these rows).
  pcDieselEuro4: {
    NOx: { form: 'rational', coefficients: [1.11, 0, -2.02e-2, 0, 1.48e-4, 0], vMinKmh: 10, vMaxKmh: 130, source: 'GB2013-T347' },
    PM: { form: 'rational', coefficients: [4.5e-2, 0, -5.39e-4, 0, 3.48e-6, 0], vMinKmh: 10, vMaxKmh: 130, source: 'GB2013-T347' },
    FC: { form: 'constant', coefficients: [56.8], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcDieselEuro5: {
    NOx: { form: 'rational', coefficients: [9.45951726803471e-1, 4.26427180715127e-3, -1.13814672152656e-2, -5.15046309611901e-5, 6.67136017103076e-5, 1.92360814937222], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'logistic', coefficients: [1.16704392923839e-3, 1.06122773565105e1, -6.48363073978964, 5.67498081980885e-1, 1.22605453342893e-2], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [56.8], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcDieselEuro6: {
    NOx: { form: 'rational', coefficients: [4.35878739216399e-1, 1.0043458209809e-2, -5.38678917114701e-3, -1.02361228021439e-4, 2.90466371398504e-5, -4.60704413796774e-1], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'rational', coefficients: [-1.2096678477246e18, 1.62962988369783e20, 1.78579673699442e18, 2.89348021465935e19, 1.16718439340665e16, 4.08870518286192e18], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [56.8], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  pcDieselEuro6c: {
    NOx: { form: 'rational', coefficients: [2.32969684699398e-1, 1.00434525476731e-2, -2.87914721497244e-3, -1.02361178032669e-4, 1.55249385683433e-5, -2.46238574993582e-1], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    PM: { form: 'rational', coefficients: [-1.2096678477246e18, 1.62962988369783e20, 1.78579673699442e18, 2.89348021465935e19, 1.16718439340665e16, 4.08870518286192e18], vMinKmh: 10, vMaxKmh: 130, source: 'ANNEX-PC' },
    FC: { form: 'constant', coefficients: [56.8], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
  // Diesel light commercial vehicles < 3.5 t.
  lcvDieselEuro5: {
    NOx: { form: 'rational', coefficients: [5.13964310564997e-1, -1.44045615457233e-2, -8.5517178196268e-3, 5.68278208347079e-5, 4.30258112883159e-5, 3.43040791757506], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    PM: { form: 'twoPower', coefficients: [2.79348007833062e-14, 5.0522506539708, 1.54717075251915e-2, -7.04447980108452e-1], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    FC: { form: 'twoPower', coefficients: [3.94837976252035e2, -4.96137741232603e-1, 1.48840685428499e-3, 2.16870603425205], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
  },
  lcvDieselEuro6: {
    NOx: { form: 'rational', coefficients: [1.83151183286289e-1, -1.44601695037324e-2, -3.07057962776523e-3, 5.71467904466929e-5, 1.53909090018264e-5, 1.226777180674], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    PM: { form: 'inverseQuadratic', coefficients: [6.34865106704373e1, 3.14295962514057e1, -2.03548454116083e-1], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    FC: { form: 'twoPower', coefficients: [1.26454210765215e-3, 2.18849662535353, 3.78560929069532e2, -4.96520239494513e-1], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
  },
  lcvDieselEuro6c: {
    NOx: { form: 'rational', coefficients: [9.70700827871402e-2, -1.44601740044966e-2, -1.62740617693447e-3, 5.71468043699909e-5, 8.15716981889983e-6, 6.50192049572977e-1], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    PM: { form: 'inverseQuadratic', coefficients: [6.34865106704373e1, 3.14295962514057e1, -2.03548454116083e-1], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
    FC: { form: 'twoPower', coefficients: [3.67204078143516e2, -4.96520228841925e-1, 1.22660743820454e-3, 2.18849635128224], vMinKmh: 10, vMaxKmh: 110, source: 'ANNEX-LCV' },
  },
  // Heavy-duty diesel, rigid 14–20 t, 50 % load, 0 % slope (annex functions 0, 5, 10).
  hdvEuroIII: {
    NOx: { form: 'logistic', coefficients: [3.556811354, 170.8147556332, -0.2348595746, 1.0614484084, 0.004800646], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 4.34359 } },
    PM: { form: 'powerExponential', coefficients: [3.6840470564, 1.0057299595, -0.9509254846], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 0.08713 } },
    FC: { form: 'powerExponential', coefficients: [2964.6431344393, 1.0093448329, -0.8291148954], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 164.23036 } },
  },
  hdvEuroIV: {
    // The EGR variant (the annex's Euro IV rows for this segment).
    NOx: { form: 'logistic', coefficients: [2.5672718054, 36.8396999671, 0.9430615391, 1.1540978582, -0.0002484625], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 3.12439 } },
    PM: { form: 'inverseQuadratic', coefficients: [6.111983835, 0.941913913, -0.0059729985], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 0.02329 } },
    FC: { form: 'powerExponential', coefficients: [2067.082093838, 1.0088685811, -0.7423059124], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 161.86146 } },
  },
  hdvEuroV: {
    // The SCR variant.
    NOx: { form: 'logistic', coefficients: [-5.4537349609, 141.7527624873, -0.6580649779, 0.4803744205, 0.0023723269], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 1.25724 } },
    PM: { form: 'powerExponential', coefficients: [1.655809919, 1.0078779639, -1.1893037875], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 0.01627 } },
    FC: { form: 'powerExponential', coefficients: [2169.1211952522, 1.008341703, -0.7542489205], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 153.97675 } },
  },
  hdvEuroVI: {
    NOx: { form: 'powerExponential', coefficients: [28.8606129647, 0.97939027, -0.8434920503], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 0.1124 } },
    PM: { form: 'inverseQuadratic', coefficients: [55.0512698807, 9.4040616518, -0.0588829599], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 0.00233 } },
    FC: { form: 'powerExponential', coefficients: [2156.5530357824, 1.0086369691, -0.7525795586], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV', check: { speedKmh: 86, efGPerKm: 158.15977 } },
  },
  // Heavy-duty diesel, articulated 28–34 t, 50 % load, 0 % slope (category 3).
  hdvArticEuroIV: {
    NOx: { form: 'logistic', coefficients: [1.5764540412, 32.5130665209, 0.7297522414, 0.7646686944, -0.0003376154], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 3.72735 } },
    PM: { form: 'inverseQuadratic', coefficients: [5.743738419, 0.6078648939, -0.0028932943], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 0.02731 } },
    FC: { form: 'powerExponential', coefficients: [1735.4267017262, 1.0020854073, -0.5304012764], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 195.50293 } },
  },
  hdvArticEuroV: {
    NOx: { form: 'powerExponential', coefficients: [64.0276342662, 0.9762949194, -0.4429195761], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 1.13112 } },
    PM: { form: 'powerExponential', coefficients: [2.0979687688, 1.0094628555, -1.1803226172], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 0.02456 } },
    FC: { form: 'powerExponential', coefficients: [1751.6249969345, 1.0019621853, -0.539888131], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 187.17286 } },
  },
  hdvArticEuroVI: {
    NOx: { form: 'powerExponential', coefficients: [148.8901236465, 1.0041925171, -1.6266261165], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 0.1522 } },
    PM: { form: 'inverseQuadratic', coefficients: [55.7211960909, 5.8962098854, -0.0272065913], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 0.00277 } },
    FC: { form: 'powerExponential', coefficients: [1817.7002733815, 1.0021627948, -0.5469824865], vMinKmh: 12, vMaxKmh: 86, source: 'ANNEX-HDV-ART', check: { speedKmh: 86, efGPerKm: 191.45962 } },
  },
  // Urban diesel buses, standard 15–18 t, 50 % load, 0 % slope (part of category 2).
  busEuroV: {
    // The SCR variant.
    NOx: { form: 'cubic', coefficients: [-4.72445547170923e-5, 0.0103976883, -0.7647709955, 20.9456803665], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 2.02649 } },
    PM: { form: 'cubic', coefficients: [-4.77068120662544e-7, 8.81364602048913e-5, -0.0054553037, 0.1389852511], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 0.01824 } },
    FC: { form: 'cubic', coefficients: [-0.001219244, 0.2252509667, -14.3432852256, 528.2235174702], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 185.14965 } },
  },
  busEuroVI: {
    NOx: { form: 'powerExponential', coefficients: [102.3055245206, 1.0123083619, -1.7008734741], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 0.15013 } },
    PM: { form: 'inverseQuadratic', coefficients: [63.3357950469, 6.3500264227, -0.0340585919], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 0.0028 } },
    FC: { form: 'cubic', coefficients: [-0.001272813, 0.2352516408, -15.0002116319, 549.5453027524], vMinKmh: 11, vMaxKmh: 86, source: 'ANNEX-BUS', check: { speedKmh: 86, efGPerKm: 189.86792 } },
  },
  // L-category (mopeds and motorcycles, petrol): no speed function read; Tier 1 values.
  lCategory: {
    NOx: { form: 'constant', coefficients: [0.2], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
    PM: { form: 'constant', coefficients: [0.0141], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
    FC: { form: 'constant', coefficients: [27.7], vMinKmh: 0, vMaxKmh: Infinity, source: 'TIER1' },
  },
} as const satisfies Record<string, Record<HotEfPollutant, HotEfRow>>;

export type Technology = keyof typeof HOT_EF_ROWS;
